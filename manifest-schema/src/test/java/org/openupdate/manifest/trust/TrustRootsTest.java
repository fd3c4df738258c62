package org.openupdate.manifest.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openupdate.manifest.trust.RootKeys.root;
import static org.openupdate.manifest.trust.RootKeys.sign;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openupdate.manifest.ManifestJson;
import org.openupdate.manifest.pgp.SigningKey;

class TrustRootsTest {
  private static final Clock CLOCK = Clock.systemUTC();
  private static final Instant NEXT_YEAR = Instant.now().plus(Duration.ofDays(365));

  private final SigningKey rootA = RootKeys.generate("root-a");
  private final SigningKey rootB = RootKeys.generate("root-b");
  private final SigningKey rootC = RootKeys.generate("root-c");
  private final SigningKey signing = RootKeys.generate("signing");
  private final SigningKey timestampKey = RootKeys.generate("timestamp");

  private TrustRoot first() {
    return TrustRoots.parse(
        TrustRoots.write(root(1, NEXT_YEAR, 2, List.of(rootA, rootB), signing, timestampKey)));
  }

  @Test
  void shouldAcceptTheNextRootSignedByAThresholdOfTheOldAndOfItsOwnRootKeys() {
    byte[] next = TrustRoots.write(root(2, NEXT_YEAR, 1, List.of(rootC), signing, timestampKey));

    TrustRoot accepted = TrustRoots.next(first(), next, sign(next, rootA, rootB, rootC), CLOCK);

    assertThat(accepted.version()).isEqualTo(2);
    assertThat(accepted.rootKeys().fingerprints()).containsExactly(rootC.fingerprint().hex());
  }

  @Test
  void shouldRefuseARootSignedByTooFewOfThePreviousRootKeys() {
    byte[] next = TrustRoots.write(root(2, NEXT_YEAR, 1, List.of(rootC), signing, timestampKey));

    assertThatThrownBy(() -> TrustRoots.next(first(), next, sign(next, rootA, rootC), CLOCK))
        .isInstanceOf(TrustException.class)
        .hasMessageContaining("root version 2 is not signed by 2 of the root keys of version 1");
  }

  @Test
  void shouldRefuseARootNotSignedByAThresholdOfItsOwnRootKeys() {
    byte[] next = TrustRoots.write(root(2, NEXT_YEAR, 1, List.of(rootC), signing, timestampKey));

    assertThatThrownBy(() -> TrustRoots.next(first(), next, sign(next, rootA, rootB), CLOCK))
        .isInstanceOf(TrustException.class)
        .hasMessageContaining("is not signed by 1 of its own root keys");
  }

  @Test
  void shouldRefuseARootThatSkipsAVersion() {
    byte[] skipping =
        TrustRoots.write(root(3, NEXT_YEAR, 2, List.of(rootA, rootB), signing, timestampKey));

    assertThatThrownBy(
            () -> TrustRoots.next(first(), skipping, sign(skipping, rootA, rootB), CLOCK))
        .isInstanceOf(TrustException.class)
        .hasMessageContaining("served as version 2 says version 3");
  }

  @Test
  void shouldRefuseBytesChangedAfterSigning() {
    byte[] next =
        TrustRoots.write(root(2, NEXT_YEAR, 2, List.of(rootA, rootB), signing, timestampKey));
    byte[] signature = sign(next, rootA, rootB);
    byte[] tampered =
        new String(next, StandardCharsets.UTF_8)
            .replace("\"threshold\" : 2", "\"threshold\" : 1")
            .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> TrustRoots.next(first(), tampered, signature, CLOCK))
        .isInstanceOf(TrustException.class)
        .hasMessageContaining("does not match the data");
  }

  @Test
  void shouldTellAnExpiredRoot() {
    TrustRoot expired =
        root(2, Instant.now().minusSeconds(1), 1, List.of(rootA), signing, timestampKey);

    assertThat(TrustRoots.isExpired(expired, Instant.now())).isTrue();
    assertThat(TrustRoots.isExpired(first(), Instant.now())).isFalse();
  }

  @Test
  void shouldRefuseARootWhoseThresholdExceedsItsKeys() {
    byte[] broken =
        TrustRoots.write(root(1, NEXT_YEAR, 3, List.of(rootA, rootB), signing, timestampKey));

    assertThatThrownBy(() -> TrustRoots.parse(broken))
        .isInstanceOf(TrustException.class)
        .hasMessageContaining("field 'rootKeys.threshold' must be between 1 and 2, was 3");
  }

  @Test
  void shouldRefuseAKeyWhoseArmorHoldsAnotherKeyThanItsFingerprint() {
    TrustRoot good = root(1, NEXT_YEAR, 1, List.of(rootA), signing, timestampKey);
    List<TrustRoot.PublicKey> keys = new java.util.ArrayList<>(good.keys());
    keys.set(0, new TrustRoot.PublicKey(rootA.fingerprint().hex(), rootB.armoredPublicKey()));
    TrustRoot swapped =
        new TrustRoot(1, NEXT_YEAR, keys, good.rootKeys(), good.signingKeys(), good.timestampKey());

    assertThatThrownBy(() -> TrustRoots.parse(TrustRoots.write(swapped)))
        .isInstanceOf(TrustException.class)
        .hasMessageContaining("not the one key " + rootA.fingerprint());
  }

  @Test
  void shouldVerifyManifestsOnlyWithTheSigningKeysTheRootNames() {
    byte[] manifest = "{\"product\":\"app\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(
            TrustRoots.signingVerifier(first(), CLOCK)
                .verify(manifest, sign(manifest, signing))
                .valid())
        .isTrue();
    assertThat(
            TrustRoots.signingVerifier(first(), CLOCK)
                .verify(manifest, sign(manifest, rootA))
                .valid())
        .isFalse();
  }

  @Test
  void shouldAcceptATimestampOnlyFromTheTimestampKey() {
    byte[] bytes =
        ManifestJson.write(
            new Timestamp(
                "app",
                "stable",
                7,
                "1.2.0",
                null,
                Instant.now(),
                Instant.now().plus(Duration.ofHours(6))));

    assertThat(TrustRoots.timestamp(first(), bytes, sign(bytes, timestampKey), CLOCK).sequence())
        .isEqualTo(7);
    assertThatThrownBy(() -> TrustRoots.timestamp(first(), bytes, sign(bytes, signing), CLOCK))
        .isInstanceOf(TrustException.class)
        .hasMessageContaining("is not signed by the timestamp key");
  }
}
