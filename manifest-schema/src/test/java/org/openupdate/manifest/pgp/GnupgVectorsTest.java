package org.openupdate.manifest.pgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.manifest.pgp.Vectors.bytes;

import java.time.Clock;
import java.util.List;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every verdict of the shared test-vectors README, trusting only the vendor keys. */
class GnupgVectorsTest {

  private final SignatureVerifier vendorVerifier =
      new SignatureVerifier(
          TrustedKeys.pinned(
              Vectors.vendorKeys(), List.of(Vectors.VENDOR_ED25519, Vectors.VENDOR_RSA)),
          1,
          Clock.systemUTC());

  @ParameterizedTest(name = "{0} over {1} -> {2}")
  @CsvSource({
    "manifest.json.vendor-ed25519.asc, manifest.json, true",
    "manifest.json.vendor-ed25519.sig, manifest.json, true",
    "manifest.json.vendor-rsa3072.asc, manifest.json, true",
    "manifest.json.both-vendor-keys.asc, manifest.json, true",
    "manifest.json.vendor-ed25519.asc, manifest-tampered.json, false",
    "manifest.json.attacker-ed25519.asc, manifest.json, false",
    "manifest.json.inline-signed.asc, manifest.json, false",
    "manifest.json.clearsigned.asc, manifest.json, false",
  })
  void shouldGiveTheReadmeVerdict(String signature, String data, boolean valid) {
    Verification verification = vendorVerifier.verify(bytes(data), bytes(signature));
    assertThat(verification.valid()).as(verification.problems().toString()).isEqualTo(valid);
    if (!valid) {
      assertThat(verification.problems()).isNotEmpty();
    }
  }

  @Test
  void shouldNameTheReasonForTamperedData() {
    Verification v =
        vendorVerifier.verify(
            bytes("manifest-tampered.json"), bytes("manifest.json.vendor-ed25519.asc"));
    assertThat(v.problems()).anyMatch(p -> p.contains("does not match the data"));
  }

  @Test
  void shouldRejectManifestSignedByUnpinnedKey() {
    Verification v =
        vendorVerifier.verify(bytes("manifest.json"), bytes("manifest.json.attacker-ed25519.asc"));
    assertThat(v.problems()).anyMatch(p -> p.contains("not from a pinned key"));
  }

  @Test
  void shouldRejectUnpinnedKeyEvenWhenItsCertificateIsSupplied() {
    List<PGPPublicKeyRing> keys =
        List.of(
            Vectors.publicKey("vendor-ed25519.pub.asc"),
            Vectors.publicKey("attacker-ed25519.pub.asc"));
    SignatureVerifier verifier =
        new SignatureVerifier(
            TrustedKeys.pinned(keys, List.of(Vectors.VENDOR_ED25519)), 1, Clock.systemUTC());
    assertThat(
            verifier
                .verify(bytes("manifest.json"), bytes("manifest.json.attacker-ed25519.asc"))
                .valid())
        .isFalse();
  }

  @Test
  void shouldRefuseInlineSignedMessageAsDetachedSignature() {
    Verification v =
        vendorVerifier.verify(bytes("manifest.json"), bytes("manifest.json.inline-signed.asc"));
    assertThat(v.problems())
        .containsExactly("an inline-signed message is not a detached signature");
  }

  @Test
  void shouldRefuseClearSignedMessageAsDetachedSignature() {
    Verification v =
        vendorVerifier.verify(bytes("manifest.json"), bytes("manifest.json.clearsigned.asc"));
    assertThat(v.problems()).containsExactly("a clear-signed message is not a detached signature");
  }

  @ParameterizedTest(name = "pinning only {0}")
  @CsvSource({
    "923B76B73C91A5257E1404206ED835603A04B3DD",
    "E9E03969133997ADFF27BCE731F32BE771A27B45"
  })
  void shouldAcceptTwoKeySignatureWithEitherKeyPinned(String pin) {
    SignatureVerifier verifier =
        new SignatureVerifier(
            TrustedKeys.pinned(Vectors.vendorKeys(), List.of(Fingerprint.parse(pin))),
            1,
            Clock.systemUTC());
    Verification v =
        verifier.verify(bytes("manifest.json"), bytes("manifest.json.both-vendor-keys.asc"));
    assertThat(v.valid()).isTrue();
    assertThat(v.signers()).containsExactly(Fingerprint.parse(pin));
  }

  @Test
  void shouldNeedBothKeysForThresholdTwo() {
    SignatureVerifier verifier =
        new SignatureVerifier(
            TrustedKeys.pinned(
                Vectors.vendorKeys(), List.of(Vectors.VENDOR_ED25519, Vectors.VENDOR_RSA)),
            2,
            Clock.systemUTC());
    assertThat(
            verifier
                .verify(bytes("manifest.json"), bytes("manifest.json.both-vendor-keys.asc"))
                .signers())
        .containsExactlyInAnyOrder(Vectors.VENDOR_ED25519, Vectors.VENDOR_RSA);
    assertThat(
            verifier
                .verify(bytes("manifest.json"), bytes("manifest.json.both-vendor-keys.asc"))
                .valid())
        .isTrue();
    Verification single =
        verifier.verify(bytes("manifest.json"), bytes("manifest.json.vendor-ed25519.asc"));
    assertThat(single.valid()).isFalse();
    assertThat(single.problems()).anyMatch(p -> p.contains("need good signatures from 2"));
  }

  @Test
  void shouldReadTheFingerprintsOfTheVectorKeys() {
    assertThat(Fingerprint.of(Vectors.publicKey("vendor-ed25519.pub.asc").getPublicKey()))
        .isEqualTo(Vectors.VENDOR_ED25519);
    assertThat(Fingerprint.of(Vectors.publicKey("attacker-ed25519.pub.asc").getPublicKey()))
        .isEqualTo(Vectors.ATTACKER);
  }
}
