package org.openupdate.manifest.pgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.junit.jupiter.api.Test;

class SigningTest {

  private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final byte[] DATA =
      "{\"product\":\"p\",\"version\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);

  private final SigningKey vendor =
      PgpKeys.readSigningKey(Vectors.bytes("vendor-ed25519.sec.asc"), null);

  @Test
  void shouldVerifyWhatItSigns() {
    byte[] signature = DetachedSigner.sign(DATA, List.of(vendor), NOW);
    Verification v = verifier(List.of(vendor.publicKeyRing()), 1).verify(DATA, signature);
    assertThat(v.valid()).isTrue();
    assertThat(v.signers()).containsExactly(Vectors.VENDOR_ED25519);
    assertThat(new String(signature, StandardCharsets.US_ASCII))
        .startsWith("-----BEGIN PGP SIGNATURE-----");
  }

  @Test
  void shouldRejectSignatureOverOtherBytes() {
    byte[] signature = DetachedSigner.sign(DATA, List.of(vendor), NOW);
    byte[] changed = DATA.clone();
    changed[5] ^= 1;
    assertThat(verifier(List.of(vendor.publicKeyRing()), 1).verify(changed, signature).valid())
        .isFalse();
  }

  @Test
  void shouldCarryOneSignaturePerKeyDuringRotation() {
    SigningKey next =
        PgpKeys.readSigningKey(
            Vectors.bytes("vendor-protected.sec.asc"), Vectors.PROTECTED_PASSPHRASE);
    byte[] signature = DetachedSigner.sign(DATA, List.of(vendor, next), NOW);

    List<PGPPublicKeyRing> both = List.of(vendor.publicKeyRing(), next.publicKeyRing());
    assertThat(verifier(both, 2).verify(DATA, signature).signers())
        .containsExactlyInAnyOrder(Vectors.VENDOR_ED25519, Vectors.VENDOR_PROTECTED);
    assertThat(verifier(List.of(next.publicKeyRing()), 1).verify(DATA, signature).valid()).isTrue();
    assertThat(verifier(List.of(vendor.publicKeyRing()), 1).verify(DATA, signature).valid())
        .isTrue();
  }

  @Test
  void shouldUnlockPassphraseProtectedKey() {
    SigningKey key =
        PgpKeys.readSigningKey(
            Vectors.bytes("vendor-protected.sec.asc"), Vectors.PROTECTED_PASSPHRASE);
    assertThat(key.fingerprint()).isEqualTo(Vectors.VENDOR_PROTECTED);
  }

  @Test
  void shouldRefuseWrongPassphraseNamingTheKey() {
    assertThatThrownBy(
            () ->
                PgpKeys.readSigningKey(
                    Vectors.bytes("vendor-protected.sec.asc"), "wrong".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Vectors.VENDOR_PROTECTED.hex())
        .hasMessageContaining("passphrase");
  }

  @Test
  void shouldRejectSha1DocumentSignatures() throws Exception {
    byte[] signature = signWith(HashAlgorithmTags.SHA1, NOW);
    Verification v = verifier(List.of(vendor.publicKeyRing()), 1).verify(DATA, signature);
    assertThat(v.valid()).isFalse();
    assertThat(v.problems()).anyMatch(p -> p.contains("weak hash algorithm (SHA1)"));
  }

  @Test
  void shouldRejectSignaturesDatedInTheFuture() {
    byte[] signature = DetachedSigner.sign(DATA, List.of(vendor), NOW.plusSeconds(3600));
    Verification v = verifier(List.of(vendor.publicKeyRing()), 1).verify(DATA, signature);
    assertThat(v.valid()).isFalse();
    assertThat(v.problems()).anyMatch(p -> p.contains("dated in the future"));
  }

  @Test
  void shouldRejectSignaturesFromRevokedKeys() throws Exception {
    GeneratedKey generated = PgpKeys.generateEd25519("Revoked <revoked@example.org>", null);
    SigningKey key =
        PgpKeys.readSigningKey(
            generated.armoredSecretKey().getBytes(StandardCharsets.US_ASCII), null);
    byte[] signature = DetachedSigner.sign(DATA, List.of(key), NOW);
    assertThat(verifier(List.of(key.publicKeyRing()), 1).verify(DATA, signature).valid()).isTrue();

    PGPSignatureGenerator generator =
        new PGPSignatureGenerator(
            new BcPGPContentSignerBuilder(
                key.signingPublicKey().getAlgorithm(), HashAlgorithmTags.SHA512),
            key.signingPublicKey());
    generator.init(PGPSignature.KEY_REVOCATION, key.privateKey());
    PGPSignature revocation = generator.generateCertification(key.signingPublicKey());
    PGPPublicKey revoked = PGPPublicKey.addCertification(key.signingPublicKey(), revocation);
    PGPPublicKeyRing revokedRing = PGPPublicKeyRing.insertPublicKey(key.publicKeyRing(), revoked);

    Verification v = verifier(List.of(revokedRing), 1).verify(DATA, signature);
    assertThat(v.valid()).isFalse();
    assertThat(v.problems()).anyMatch(p -> p.contains("revoked"));
  }

  @Test
  void shouldRefuseSignatureFilesOver64KiB() {
    byte[] signature = DetachedSigner.sign(DATA, List.of(vendor), NOW);
    byte[] padded = new byte[SignatureVerifier.MAX_SIGNATURE_BYTES + 1];
    System.arraycopy(signature, 0, padded, 0, signature.length);
    Verification v = verifier(List.of(vendor.publicKeyRing()), 1).verify(DATA, padded);
    assertThat(v.valid()).isFalse();
    assertThat(v.problems()).singleElement().asString().contains("more than the 65536 allowed");
  }

  @Test
  void shouldRefuseGarbageAsSignature() {
    Verification v =
        verifier(List.of(vendor.publicKeyRing()), 1)
            .verify(DATA, "not a signature".getBytes(StandardCharsets.US_ASCII));
    assertThat(v.valid()).isFalse();
    assertThat(v.problems()).isNotEmpty();
  }

  @Test
  void shouldThrowWithTheReasonsWhenAskedTo() {
    byte[] signature = DetachedSigner.sign(DATA, List.of(vendor), NOW);
    SignatureVerifier verifier = verifier(List.of(vendor.publicKeyRing()), 1);
    assertThat(verifier.verifyOrThrow(DATA, signature).valid()).isTrue();
    assertThatThrownBy(
            () -> verifier.verifyOrThrow("other".getBytes(StandardCharsets.UTF_8), signature))
        .isInstanceOf(SignatureVerificationException.class)
        .hasMessageContaining("does not match the data");
  }

  @Test
  void shouldRefuseAPinWithoutItsKey() {
    assertThatThrownBy(
            () -> TrustedKeys.pinned(List.of(vendor.publicKeyRing()), List.of(Vectors.ATTACKER)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Vectors.ATTACKER.hex());
  }

  @Test
  void shouldRefuseShortKeyIdsAsPins() {
    assertThatThrownBy(() -> Fingerprint.parse("6ED835603A04B3DD"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("6ED835603A04B3DD");
    assertThat(Fingerprint.parse("923b 76b7 3c91 a525 7e14  0420 6ed8 3560 3a04 b3dd"))
        .isEqualTo(Vectors.VENDOR_ED25519);
  }

  @Test
  void shouldRefuseThresholdsThatCannotBeMet() {
    TrustedKeys one = TrustedKeys.of(List.of(vendor.publicKeyRing()));
    assertThatThrownBy(() -> new SignatureVerifier(one, 2, CLOCK))
        .hasMessageContaining("threshold 2 exceeds");
    assertThatThrownBy(() -> new SignatureVerifier(one, 0, CLOCK))
        .hasMessageContaining("at least 1, was 0");
  }

  @Test
  void shouldGenerateKeysThatSignAndVerify() {
    GeneratedKey generated = PgpKeys.generateEd25519("Dev <dev@example.org>", "pw".toCharArray());
    SigningKey key =
        PgpKeys.readSigningKey(
            generated.armoredSecretKey().getBytes(StandardCharsets.US_ASCII), "pw".toCharArray());
    assertThat(key.fingerprint()).isEqualTo(generated.fingerprint());
    PGPPublicKeyRing publicKey =
        PgpKeys.readPublicKeys(generated.armoredPublicKey().getBytes(StandardCharsets.US_ASCII))
            .get(0);
    byte[] signature = DetachedSigner.sign(DATA, List.of(key), NOW);
    assertThat(verifier(List.of(publicKey), 1).verify(DATA, signature).valid()).isTrue();
    assertThat(generated.toString()).doesNotContain("PRIVATE");
  }

  private SignatureVerifier verifier(List<PGPPublicKeyRing> keys, int threshold) {
    return new SignatureVerifier(TrustedKeys.of(keys), threshold, CLOCK);
  }

  private byte[] signWith(int hashAlgorithm, Instant when) throws Exception {
    PGPSignatureGenerator generator =
        new PGPSignatureGenerator(
            new BcPGPContentSignerBuilder(vendor.signingPublicKey().getAlgorithm(), hashAlgorithm),
            vendor.signingPublicKey());
    generator.init(PGPSignature.BINARY_DOCUMENT, vendor.privateKey());
    PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
    hashed.setSignatureCreationTime(false, Date.from(when));
    generator.setHashedSubpackets(hashed.generate());
    generator.update(DATA);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (ArmoredOutputStream armored = ArmoredOutputStream.builder().build(out)) {
      generator.generate().encode(armored);
    }
    return out.toByteArray();
  }
}
