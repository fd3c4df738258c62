package org.openupdate.manifest.pgp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.PBESecretKeyDecryptor;
import org.bouncycastle.openpgp.operator.PBESecretKeyEncryptor;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/**
 * Reading, writing and generating OpenPGP keys in the forms GnuPG uses (armored or binary).
 *
 * <pre>{@code
 * SigningKey key = PgpKeys.readSigningKey(Files.readAllBytes(secretKeyFile), passphrase);
 * List<PGPPublicKeyRing> trusted = PgpKeys.readPublicKeys(Files.readAllBytes(publicKeyFile));
 * }</pre>
 */
public final class PgpKeys {

  private PgpKeys() {}

  /**
   * Reads every public key (certificate) in an armored or binary key file.
   *
   * @throws IllegalArgumentException when the bytes hold no OpenPGP public key
   */
  public static List<PGPPublicKeyRing> readPublicKeys(byte[] armoredOrBinary) {
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armoredOrBinary))) {
      PGPPublicKeyRingCollection rings =
          new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator());
      List<PGPPublicKeyRing> result = new ArrayList<>();
      rings.getKeyRings().forEachRemaining(result::add);
      if (result.isEmpty()) {
        throw new IllegalArgumentException("no OpenPGP public key found");
      }
      return List.copyOf(result);
    } catch (IOException | PGPException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException("not an OpenPGP public key: " + e.getMessage(), e);
    }
  }

  /**
   * The primary fingerprint of every certificate in an armored or binary public key file.
   *
   * @throws IllegalArgumentException when the bytes hold no OpenPGP public key
   */
  public static List<Fingerprint> fingerprints(byte[] armoredOrBinary) {
    return readPublicKeys(armoredOrBinary).stream()
        .map(ring -> Fingerprint.of(ring.getPublicKey()))
        .toList();
  }

  /**
   * Reads a secret key and unlocks its signing key: the primary key when it may sign, otherwise the
   * first signing subkey.
   *
   * @param passphrase the key's passphrase; ignored for an unprotected key
   * @throws IllegalArgumentException when the bytes hold no secret key or the passphrase is wrong
   */
  public static SigningKey readSigningKey(byte[] armoredSecretKey, char[] passphrase) {
    PGPSecretKeyRing ring = readSecretKeyRing(armoredSecretKey);
    PGPSecretKey secret = signingSecretKey(ring);
    PBESecretKeyDecryptor decryptor =
        new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider())
            .build(passphrase == null ? new char[0] : passphrase);
    PGPPrivateKey privateKey;
    try {
      privateKey = secret.extractPrivateKey(decryptor);
    } catch (PGPException e) {
      throw new IllegalArgumentException(
          "cannot unlock secret key "
              + Fingerprint.of(ring.getPublicKey())
              + ": wrong or missing passphrase",
          e);
    }
    List<PGPPublicKey> publicKeys = new ArrayList<>();
    ring.getPublicKeys().forEachRemaining(publicKeys::add);
    return new SigningKey(new PGPPublicKeyRing(publicKeys), secret.getPublicKey(), privateKey);
  }

  private static PGPSecretKeyRing readSecretKeyRing(byte[] bytes) {
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(bytes))) {
      Iterator<PGPSecretKeyRing> rings =
          new PGPSecretKeyRingCollection(in, new BcKeyFingerprintCalculator()).getKeyRings();
      if (!rings.hasNext()) {
        throw new IllegalArgumentException("no OpenPGP secret key found");
      }
      return rings.next();
    } catch (IOException | PGPException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException("not an OpenPGP secret key: " + e.getMessage(), e);
    }
  }

  private static PGPSecretKey signingSecretKey(PGPSecretKeyRing ring) {
    PGPSecretKey primary = ring.getSecretKey();
    if (primary.isSigningKey() && !primary.isPrivateKeyEmpty()) {
      return primary;
    }
    for (Iterator<PGPSecretKey> it = ring.getSecretKeys(); it.hasNext(); ) {
      PGPSecretKey candidate = it.next();
      if (candidate.isSigningKey() && !candidate.isPrivateKeyEmpty()) {
        return candidate;
      }
    }
    throw new IllegalArgumentException(
        "secret key " + Fingerprint.of(ring.getPublicKey()) + " has no usable signing key");
  }

  /**
   * Whether the secret key needs a passphrase to sign.
   *
   * @throws IllegalArgumentException when the bytes hold no secret key
   */
  public static boolean isProtected(byte[] armoredSecretKey) {
    return signingSecretKey(readSecretKeyRing(armoredSecretKey)).getKeyEncryptionAlgorithm()
        != SymmetricKeyAlgorithmTags.NULL;
  }

  /**
   * The same unprotected secret key, now protected by {@code passphrase} (AES-256, iterated and
   * salted SHA-256, as {@link #generateEd25519} protects a new key), ASCII-armored.
   *
   * @throws IllegalArgumentException when the bytes hold no secret key, or one already protected
   */
  public static String protect(byte[] armoredSecretKey, char[] passphrase) {
    PGPSecretKeyRing ring = readSecretKeyRing(armoredSecretKey);
    try {
      PGPSecretKeyRing locked =
          PGPSecretKeyRing.copyWithNewPassword(
              ring,
              new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider())
                  .build(new char[0]),
              encryptor(passphrase));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ArmoredOutputStream armored = ArmoredOutputStream.builder().build(out)) {
        locked.encode(armored);
      }
      return out.toString(StandardCharsets.US_ASCII);
    } catch (PGPException e) {
      throw new IllegalArgumentException(
          "cannot protect secret key "
              + Fingerprint.of(ring.getPublicKey())
              + ": "
              + e.getMessage(),
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static PBESecretKeyEncryptor encryptor(char[] passphrase) throws PGPException {
    return new BcPBESecretKeyEncryptorBuilder(
            SymmetricKeyAlgorithmTags.AES_256,
            new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA256),
            0x60)
        .build(passphrase);
  }

  /** The ASCII-armored form of a public key, as {@code gpg --export --armor} writes it. */
  public static String armor(PGPPublicKeyRing ring) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArmoredOutputStream armored = ArmoredOutputStream.builder().build(out)) {
      ring.encode(armored, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  /**
   * Generates an Ed25519 signing key, e.g. the server's development key on first start.
   *
   * @param passphrase protects the armored secret key; empty or null leaves it unprotected
   */
  public static GeneratedKey generateEd25519(String userId, char[] passphrase) {
    try {
      Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
      generator.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
      PGPKeyPair pair =
          new BcPGPKeyPair(
              PublicKeyPacket.VERSION_4,
              PublicKeyAlgorithmTags.EDDSA_LEGACY,
              generator.generateKeyPair(),
              new Date());

      PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
      hashed.setKeyFlags(false, KeyFlags.SIGN_DATA | KeyFlags.CERTIFY_OTHER);
      hashed.setPreferredHashAlgorithms(
          false, new int[] {HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA256});
      hashed.setIssuerFingerprint(false, pair.getPublicKey());

      BcPGPDigestCalculatorProvider digests = new BcPGPDigestCalculatorProvider();
      PGPDigestCalculator checksum = digests.get(HashAlgorithmTags.SHA1);
      PBESecretKeyEncryptor encryptor =
          passphrase == null || passphrase.length == 0 ? null : encryptor(passphrase);
      PGPKeyRingGenerator rings =
          new PGPKeyRingGenerator(
              PGPSignature.POSITIVE_CERTIFICATION,
              pair,
              userId,
              checksum,
              hashed.generate(),
              null,
              new BcPGPContentSignerBuilder(
                  pair.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA512),
              encryptor);
      PGPSecretKeyRing secret = rings.generateSecretKeyRing();
      PGPPublicKeyRing publicRing = rings.generatePublicKeyRing();

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ArmoredOutputStream armored = ArmoredOutputStream.builder().build(out)) {
        secret.encode(armored);
      }
      return new GeneratedKey(
          Fingerprint.of(publicRing.getPublicKey()),
          out.toString(StandardCharsets.US_ASCII),
          armor(publicRing));
    } catch (PGPException e) {
      throw new IllegalStateException("key generation failed", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
