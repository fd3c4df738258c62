package org.openupdate.manifest.pgp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.bouncycastle.openpgp.PGPPublicKeyRing;

/** The GnuPG-made test vectors copied from the shared test-vectors folder. */
final class Vectors {

  static final Fingerprint VENDOR_ED25519 =
      Fingerprint.parse("923B76B73C91A5257E1404206ED835603A04B3DD");
  static final Fingerprint VENDOR_RSA =
      Fingerprint.parse("E9E03969133997ADFF27BCE731F32BE771A27B45");
  static final Fingerprint VENDOR_PROTECTED =
      Fingerprint.parse("81EC06EB22CF648EC0C81DB2AADA209931D46738");
  static final Fingerprint ATTACKER = Fingerprint.parse("6755DD97ED86510A292C1FBE46DC354DCE19F0BE");
  static final char[] PROTECTED_PASSPHRASE = "correct horse battery staple".toCharArray();

  private Vectors() {}

  static byte[] bytes(String name) {
    try (InputStream in = Vectors.class.getResourceAsStream("/openpgp/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test vector " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static PGPPublicKeyRing publicKey(String name) {
    return PgpKeys.readPublicKeys(bytes(name)).get(0);
  }

  static List<PGPPublicKeyRing> vendorKeys() {
    return List.of(
        publicKey("vendor-ed25519.pub.asc"),
        publicKey("vendor-rsa3072.pub.asc"),
        publicKey("vendor-protected.pub.asc"));
  }
}
