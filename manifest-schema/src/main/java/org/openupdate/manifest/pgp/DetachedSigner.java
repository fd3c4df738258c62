package org.openupdate.manifest.pgp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;

/**
 * Makes detached signatures that {@code gpg --verify} accepts.
 *
 * <pre>{@code
 * byte[] asc = DetachedSigner.sign(manifestBytes, List.of(oldKey, newKey), clock.instant());
 * }</pre>
 *
 * With several keys the result holds one signature packet per key, so clients pinning either the
 * old or the new key accept it while keys rotate.
 */
public final class DetachedSigner {

  private DetachedSigner() {}

  /** An ASCII-armored detached signature over exactly {@code data}. */
  public static byte[] sign(byte[] data, List<SigningKey> keys, Instant when) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("at least one signing key is needed");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArmoredOutputStream armored = ArmoredOutputStream.builder().build(out)) {
      for (SigningKey key : keys) {
        signature(data, key, when).encode(armored);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static PGPSignature signature(byte[] data, SigningKey key, Instant when) {
    try {
      PGPSignatureGenerator generator =
          new PGPSignatureGenerator(
              new BcPGPContentSignerBuilder(
                  key.signingPublicKey().getAlgorithm(), HashAlgorithmTags.SHA512),
              key.signingPublicKey());
      generator.init(PGPSignature.BINARY_DOCUMENT, key.privateKey());
      PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
      hashed.setSignatureCreationTime(false, Date.from(when));
      hashed.setIssuerFingerprint(false, key.signingPublicKey());
      generator.setHashedSubpackets(hashed.generate());
      PGPSignatureSubpacketGenerator unhashed = new PGPSignatureSubpacketGenerator();
      unhashed.setIssuerKeyID(false, key.signingPublicKey().getKeyID());
      generator.setUnhashedSubpackets(unhashed.generate());
      generator.update(data);
      return generator.generate();
    } catch (PGPException e) {
      throw new IllegalStateException("signing with " + key.fingerprint() + " failed", e);
    }
  }
}
