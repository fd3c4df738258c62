package org.openupdate.server.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.server.support.Admin.asAdmin;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.manifest.ManifestJson;
import org.openupdate.manifest.pgp.DetachedSigner;
import org.openupdate.manifest.pgp.SigningKey;
import org.openupdate.manifest.trust.Timestamp;
import org.openupdate.manifest.trust.TrustRoot;
import org.openupdate.manifest.trust.TrustRoots;
import org.openupdate.server.support.ReleaseFixture;
import org.openupdate.server.support.TrustChain;

/**
 * The real server and the packaged agent with a trust root instead of pinned fingerprints: the
 * agent is installed with root version 1 and follows every root uploaded since; manifests count
 * only when signed by the newest root's signing keys; a frozen mirror is noticed once the channel's
 * timestamp (6 s in the test profile) has expired.
 */
@QuarkusTest
class TrustEndToEndTest {
  @TestHTTPResource("/")
  URL server;

  @TempDir Path dir;
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable resource : resources) {
      resource.close();
    }
  }

  /** A machine installed with root version 1 as served by the server: no key, no fingerprint. */
  private AgentProcess agent(String name, String product) throws IOException {
    Path home = dir.resolve(name);
    Files.createDirectories(home);
    Path root =
        Files.write(
            home.resolve("root-1.json"),
            given().get("/api/v1/trust/root/1").then().statusCode(200).extract().asByteArray());
    AgentProcess agent =
        new AgentProcess(home, server.toString(), product, root, List.of())
            .set("trust", Map.of("root", root.toString()));
    resources.add(agent);
    return agent;
  }

  private Mirror mirror() throws IOException {
    Mirror mirror = new Mirror();
    resources.add(mirror);
    return mirror;
  }

  /** The newest root names the server's signing key and keeps the keyring's root keys. */
  private static TrustRoot signedByTheServer() {
    TrustRoot current = TrustChain.newest();
    return TrustChain.extend(
        TrustChain.rootSigners(current),
        Math.min(current.rootKeys().threshold(), TrustChain.rootSigners(current).size()),
        TrustChain.serverSigningKeys());
  }

  private static String trustRootOf(AgentProcess agent) throws Exception {
    return agent
        .run("status")
        .out()
        .lines()
        .filter(line -> line.startsWith("trust root:"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void shouldFollowThreeRootRotationsMadeWhileTheAgentWasOffline() throws Exception {
    signedByTheServer();
    ReleaseFixture release = ReleaseFixture.aRelease().published();
    AgentProcess agent = agent("offline", release.product);
    AgentProcess.Run before = agent.run("check");
    assertThat(before.exitCode()).as(before.err()).isZero();
    int seen = TrustChain.newestVersion();

    // Three rotations of the root keys while the agent does not run.
    SigningKey ed25519 = TrustChain.vendorEd25519();
    SigningKey passphrased = TrustChain.vendorProtected();
    TrustChain.extend(List.of(ed25519), 1, TrustChain.serverSigningKeys());
    TrustChain.extend(List.of(ed25519, passphrased), 2, TrustChain.serverSigningKeys());
    TrustRoot third = TrustChain.extend(List.of(passphrased), 1, TrustChain.serverSigningKeys());
    assertThat(third.version()).isEqualTo(seen + 3);

    AgentProcess.Run apply = agent.run("apply", "--ignore-window");

    assertThat(apply.exitCode()).as(apply.err()).isZero();
    assertThat(apply.err()).contains("trust root: followed to version");
    assertThat(apply.out()).contains("installed 1.0.0");
    assertThat(trustRootOf(agent)).contains("version " + third.version() + ",");
  }

  @Test
  void shouldMoveAFleetFromALostSigningKeyToANewOneWithoutEditingAnyAgentConfig() throws Exception {
    signedByTheServer();
    ReleaseFixture first = ReleaseFixture.aRelease().published();
    AgentProcess agent = agent("fleet", first.product);
    assertThat(agent.run("apply", "--ignore-window").exitCode()).isZero();
    Path config = agent.install().getParent().resolve("config.json");
    byte[] configBefore = Files.readAllBytes(config);

    // The server's signing key is lost: the root keys name the vendor's offline key instead.
    SigningKey replacement = TrustChain.vendorEd25519();
    TrustRoot current = TrustChain.newest();
    TrustChain.extend(
        TrustChain.rootSigners(current),
        Math.min(current.rootKeys().threshold(), TrustChain.rootSigners(current).size()),
        Map.of(replacement.fingerprint().hex(), replacement.armoredPublicKey()));
    ReleaseFixture second =
        first.version("2.0.0").component("backend", ReleaseFixture.randomBytes(40_000));
    second.nextSequence("stable").createDraft().uploadAll();
    asAdmin()
        .contentType("application/pgp-signature")
        .body(
            DetachedSigner.sign(
                second.manifestBytes(), List.of(replacement), Instant.now().minusSeconds(60)))
        .put(second.path() + "/signature")
        .then()
        .statusCode(200);
    second.publish("stable");

    AgentProcess.Run moved = agent.run("apply", "--ignore-window");

    assertThat(moved.exitCode()).as(moved.err()).isZero();
    assertThat(moved.out()).contains("installed 2.0.0");
    assertThat(Files.readAllBytes(config)).isEqualTo(configBefore);

    // Whatever the lost key signs from now on is refused.
    first.version("3.0.0").component("backend", ReleaseFixture.randomBytes(30_000)).published();
    AgentProcess.Run stolen = agent.run("apply", "--ignore-window");
    assertThat(stolen.exitCode()).as(stolen.err()).isEqualTo(4);
    assertThat(stolen.err()).contains("not from a pinned key");
    assertThat(Files.readSymbolicLink(agent.install().resolve("current")))
        .isEqualTo(Path.of("versions/2.0.0"));
  }

  @Test
  void shouldKeepItsRootWhenServedOneSignedByTooFewOldKeysSkippingAVersionOrExpired()
      throws Exception {
    signedByTheServer();
    ReleaseFixture release = ReleaseFixture.aRelease().published();
    TrustRoot current = TrustChain.newest();
    List<SigningKey> signers = TrustChain.rootSigners(current);
    SigningKey stranger =
        signers.stream()
                .anyMatch(k -> k.fingerprint().equals(TrustChain.vendorProtected().fingerprint()))
            ? TrustChain.developmentRootKey()
            : TrustChain.vendorProtected();
    TrustRoot byStranger =
        TrustChain.next(
            current, List.of(stranger), 1, TrustChain.serverSigningKeys(), TrustChain.nextYear());
    TrustRoot following =
        TrustChain.next(current, signers, 1, TrustChain.serverSigningKeys(), TrustChain.nextYear());
    TrustRoot skipping =
        new TrustRoot(
            current.version() + 2,
            following.expires(),
            following.keys(),
            following.rootKeys(),
            following.signingKeys(),
            following.timestampKey());
    TrustRoot expired =
        TrustChain.next(
            current, signers, 1, TrustChain.serverSigningKeys(), Instant.now().minusSeconds(60));
    Map<String, byte[][]> bad =
        Map.of(
            "too few old keys",
            signed(byStranger, List.of(stranger)),
            "skipping a version",
            signed(skipping, signers),
            "expired",
            signed(expired, signers));
    Map<String, String> reasons =
        Map.of(
            "too few old keys",
            "is not signed by",
            "skipping a version",
            "exactly one version above",
            "expired",
            "expired at");

    for (var entry : bad.entrySet()) {
      Mirror mirror = mirror();
      mirror.forward("/api/v1/", server.toString());
      mirror.put("/api/v1/trust/root/" + (current.version() + 1), entry.getValue()[0]);
      mirror.put("/api/v1/trust/root/" + (current.version() + 1) + ".asc", entry.getValue()[1]);
      AgentProcess agent =
          agent("bad-" + entry.getKey().replace(' ', '-'), release.product)
              .set("serverUrl", mirror.root());

      AgentProcess.Run apply = agent.run("apply", "--ignore-window");

      assertThat(apply.exitCode()).as(entry.getKey() + ": " + apply.err()).isZero();
      assertThat(trustRootOf(agent))
          .as(entry.getKey())
          .contains("version " + current.version() + ",", reasons.get(entry.getKey()));
    }
  }

  private static byte[][] signed(TrustRoot root, List<SigningKey> signers) {
    byte[] document = TrustRoots.write(root);
    return new byte[][] {
      document, DetachedSigner.sign(document, signers, Instant.now().minusSeconds(60))
    };
  }

  @Test
  void shouldSuspectAFreezeWhenAMirrorKeepsServingAFrozenCheckAnswerAndManifest() throws Exception {
    signedByTheServer();
    ReleaseFixture first = ReleaseFixture.aRelease().published();
    AgentProcess agent = agent("frozen", first.product);
    assertThat(agent.run("apply", "--ignore-window").exitCode()).isZero();
    ReleaseFixture second =
        first.version("2.0.0").component("backend", ReleaseFixture.randomBytes(40_000)).published();
    // The mirror records what the server answers now, and serves it from then on.
    Mirror mirror = mirror();
    String base = "/api/v1/releases/" + first.product + "/2.0.0/manifest";
    mirror.put(
        "/api/v1/updates/check",
        given()
            .header("X-Product", first.product)
            .header("X-Current-Version", "1.0.0")
            .header("X-Channel", "stable")
            .get("/api/v1/updates/check")
            .then()
            .statusCode(200)
            .extract()
            .asByteArray());
    mirror.put(base, second.served("manifest?channel=stable"));
    mirror.put(base + ".asc", second.served("manifest.asc?channel=stable"));
    String timestamp = "/api/v1/trust/timestamp/" + first.product + "/stable";
    byte[] frozen = given().get(timestamp).then().statusCode(200).extract().asByteArray();
    mirror.put(timestamp, frozen);
    mirror.put(timestamp + ".asc", given().get(timestamp + ".asc").asByteArray());
    mirror.forward("/api/v1/trust/root/", server.toString());
    mirror.forward("/api/v1/updates/status", server.toString());
    Instant expires = ManifestJson.read(frozen, Timestamp.class).expires();
    while (!Instant.now().isAfter(expires)) {
      Thread.sleep(200);
    }
    agent.set("serverUrl", mirror.root());

    AgentProcess.Run apply = agent.run("apply", "--ignore-window");

    assertThat(apply.exitCode()).as(apply.err()).isEqualTo(10);
    assertThat(apply.err()).contains("freeze suspected", "timestamp expired at " + expires);
    assertThat(Files.readSymbolicLink(agent.install().resolve("current")))
        .isEqualTo(Path.of("versions/1.0.0"));
    assertThat(agent.run("status").out()).contains("freshness:       freeze suspected");
    assertThat(freezeReports(first.product)).isEqualTo(1.0);
  }

  /** The server's count of freeze-suspected reports, once the report's batch is counted. */
  private static double freezeReports(String product) throws InterruptedException {
    String series = "update_freeze_suspected_total{channel=\"stable\",product=\"" + product + "\"}";
    double value = 0;
    for (int i = 0; i < 50 && value == 0; i++) {
      value =
          given()
              .get("/q/metrics")
              .asString()
              .lines()
              .filter(line -> line.startsWith(series))
              .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
              .findFirst()
              .orElse(0);
      if (value == 0) {
        Thread.sleep(200);
      }
    }
    return value;
  }
}
