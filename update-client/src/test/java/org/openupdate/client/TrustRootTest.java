package org.openupdate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openupdate.client.testing.Release.aRelease;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.client.UpdateClient.Outcome;
import org.openupdate.client.testing.AgentHome;
import org.openupdate.client.testing.FakeUpdateServer;
import org.openupdate.client.testing.Roots;
import org.openupdate.manifest.RefusalReason;
import org.openupdate.manifest.StatusReport;
import org.openupdate.manifest.pgp.SigningKey;
import org.openupdate.manifest.trust.TrustRoot;

/**
 * An agent installed with trust root version 1 follows the roots the server offers, accepting each
 * only when the previous root's keys and its own sign it, and verifies manifests with the signing
 * keys of the newest root; it checks the channel's signed timestamp on every check.
 */
class TrustRootTest {
  private static final String PRODUCT = "cm-diagnostics";

  @TempDir Path dir;
  private FakeUpdateServer server;
  private AgentHome home;
  private final SigningKey root1 = Roots.key("root-1");
  private final SigningKey root2 = Roots.key("root-2");
  private final SigningKey root3 = Roots.key("root-3");
  private final SigningKey oldSigning = Roots.key("signing-old");
  private final SigningKey newSigning = Roots.key("signing-new");
  private final SigningKey timestampKey = Roots.key("timestamp");
  private TrustRoot first;

  @BeforeEach
  void start() throws IOException {
    server = new FakeUpdateServer();
    home = new AgentHome(dir, server.url());
    first = root(1, List.of(root1), 1, oldSigning);
    Roots.install(dir.resolve("root-1.json"), first);
    home.set("trust", Map.of("root", "root-1.json"));
    Roots.timestamp(server, PRODUCT, "stable", 1, Instant.now().plusSeconds(3600), timestampKey);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private TrustRoot root(
      int version, List<SigningKey> rootKeys, int threshold, SigningKey signing) {
    return Roots.root(
        version, Roots.nextYear(), rootKeys, threshold, List.of(signing), timestampKey);
  }

  @Test
  void shouldFollowThreeRotationsMadeWhileItWasOfflineAndVerifyWithTheNewestSigningKey() {
    Roots.serve(server, 2, root(2, List.of(root2), 1, oldSigning), root1, root2);
    Roots.serve(server, 3, root(3, List.of(root2, root3), 2, oldSigning), root2, root3);
    Roots.serve(server, 4, root(4, List.of(root2, root3), 2, newSigning), root2, root3);
    server.offer(aRelease("1.1.0").sequence(1).signedBy(newSigning).build());

    UpdateClient.Result result = home.client().apply(false);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.INSTALLED);
    assertThat(home.client().status().trustRoot()).startsWith("version 4,");
  }

  @Test
  void shouldRefuseAManifestSignedByASigningKeyTheNewestRootRemoved() {
    Roots.serve(server, 2, root(2, List.of(root1), 1, newSigning), root1);
    server.offer(aRelease("1.1.0").sequence(1).signedBy(oldSigning).build());

    UpdateClient.Result result = home.client().apply(false);

    assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(result.message()).contains("not from a pinned key");
    assertThat(server.reports())
        .extracting(StatusReport::refusal)
        .containsExactly(RefusalReason.UNPINNED_KEY);
  }

  @Test
  void shouldKeepItsRootWhenTheNextIsSignedByTooFewOfThePreviousRootKeys() {
    TrustRoot twoOfTwo = root(2, List.of(root1, root2), 2, oldSigning);
    Roots.serve(server, 2, twoOfTwo, root1, root2);
    Roots.serve(server, 3, root(3, List.of(root3), 1, newSigning), root1, root3);
    server.offer(aRelease("1.1.0").sequence(1).signedBy(oldSigning).build());

    UpdateClient.Result result = home.client().apply(false);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.INSTALLED);
    assertThat(home.client().status().trustRoot())
        .startsWith("version 2,")
        .contains("root version 3 is not signed by 2 of the root keys of version 2");
    assertThat(home.log()).anyMatch(line -> line.startsWith("trust root: kept version 2"));
  }

  @Test
  void shouldKeepItsRootWhenTheServedRootSkipsAVersion() {
    Roots.serve(server, 2, root(3, List.of(root1), 1, newSigning), root1);

    home.client().check();

    assertThat(home.client().status().trustRoot())
        .startsWith("version 1,")
        .contains("served as version 2 says version 3");
  }

  @Test
  void shouldKeepItsRootWhenTheNextHasExpired() {
    Roots.serve(
        server,
        2,
        Roots.root(
            2,
            Instant.now().minusSeconds(60),
            List.of(root1),
            1,
            List.of(newSigning),
            timestampKey),
        root1);
    server.offer(aRelease("1.1.0").sequence(1).signedBy(newSigning).build());

    UpdateClient.Result result = home.client().check();

    assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(home.client().status().trustRoot())
        .startsWith("version 1,")
        .contains("root version 2 expired at");
  }

  @Test
  void shouldMovePastAnExpiredIntermediateRootToAValidLaterOne() {
    Roots.serve(
        server,
        2,
        Roots.root(
            2,
            Instant.now().minusSeconds(60),
            List.of(root2),
            1,
            List.of(oldSigning),
            timestampKey),
        root1,
        root2);
    Roots.serve(server, 3, root(3, List.of(root3), 1, newSigning), root2, root3);
    server.offer(aRelease("1.1.0").sequence(1).signedBy(newSigning).build());

    UpdateClient.Result result = home.client().check();

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.AVAILABLE);
    assertThat(home.client().status().trustRoot()).startsWith("version 3,");
  }

  @Test
  void shouldSuspectAFreezeOnceTheLastTimestampHasExpired() {
    server.offer(aRelease("1.1.0").sequence(1).signedBy(oldSigning).build());
    assertThat(home.client().check().outcome()).isEqualTo(Outcome.AVAILABLE);
    // The server (or a mirror) keeps serving the same timestamp: after it expires, a freeze.
    Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC);

    UpdateClient.Result result = home.client(later).apply(false);

    assertThat(result.outcome()).isEqualTo(Outcome.FREEZE_SUSPECTED);
    assertThat(result.message()).contains("freeze suspected", "timestamp expired at");
    assertThat(home.install().resolve("current")).doesNotExist();
    assertThat(home.client(later).status().freshness()).startsWith("freeze suspected");
    StatusReport report = server.reports().get(server.reports().size() - 1);
    assertThat(report.refusal()).isEqualTo(RefusalReason.FREEZE_SUSPECTED);
    assertThat(report.version()).isEqualTo("1.1.0");
  }

  @Test
  void shouldSuspectAFreezeWhenNoTimestampIsServedAtAll() {
    server.remove("/api/v1/trust/timestamp/" + PRODUCT + "/stable");

    UpdateClient.Result result = home.client().check();

    assertThat(result.outcome()).isEqualTo(Outcome.FREEZE_SUSPECTED);
    assertThat(result.message()).contains("answered HTTP 404");
  }

  @Test
  void shouldRefuseATimestampSignedByAnotherKeyThanTheRootsTimestampKey() {
    Roots.timestamp(server, PRODUCT, "stable", 1, Instant.now().plusSeconds(3600), oldSigning);

    UpdateClient.Result result = home.client().check();

    assertThat(result.outcome()).isEqualTo(Outcome.FREEZE_SUSPECTED);
    assertThat(result.message()).contains("is not signed by the timestamp key");
  }

  @Test
  void shouldRefuseAConfigurationWithBothARootAndPinnedFingerprints() {
    home.set(
        "trust",
        Map.of(
            "root",
            "root-1.json",
            "keys",
            List.of("vendor.pub.asc"),
            "fingerprints",
            List.of(org.openupdate.client.testing.TestKeys.VENDOR_FINGERPRINT)));

    assertThatThrownBy(() -> home.client())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("configuration field 'trust.root' replaces 'trust.keys'");
  }

  @Test
  void shouldNameTheFieldWhenTheRootFileIsNoRoot() throws IOException {
    java.nio.file.Files.writeString(dir.resolve("root-1.json"), "{\"version\": 1}");

    assertThatThrownBy(() -> home.client())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("configuration field 'trust.root' is not a readable trust root")
        .hasMessageContaining("field 'expires' is required");
  }

  @Test
  void shouldStillAcceptPinnedFingerprintsWithoutARootOrTimestamps() {
    AgentHome pinned = new AgentHome(dir.resolve("pinned"), server.url());
    server.offer(aRelease("1.1.0").sequence(1).build());

    UpdateClient.Result result = pinned.client().check();

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.AVAILABLE);
    assertThat(pinned.client().status().trustRoot()).startsWith("none: pinned fingerprints");
  }
}
