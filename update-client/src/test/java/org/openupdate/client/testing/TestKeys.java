package org.openupdate.client.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.openupdate.manifest.pgp.DetachedSigner;
import org.openupdate.manifest.pgp.GeneratedKey;
import org.openupdate.manifest.pgp.PgpKeys;
import org.openupdate.manifest.pgp.SigningKey;

/** The vendor test key (real GnuPG vector) and a throw-away attacker key. */
public final class TestKeys {
  public static final String VENDOR_FINGERPRINT = "923B76B73C91A5257E1404206ED835603A04B3DD";
  private static SigningKey vendor;
  private static SigningKey attacker;

  private TestKeys() {}

  public static synchronized SigningKey vendor() {
    if (vendor == null) {
      vendor = PgpKeys.readSigningKey(resource("/keys/vendor-ed25519.sec.asc"), new char[0]);
    }
    return vendor;
  }

  public static synchronized SigningKey attacker() {
    if (attacker == null) {
      GeneratedKey generated =
          PgpKeys.generateEd25519("Attacker <attacker@example.org>", new char[0]);
      attacker = PgpKeys.readSigningKey(generated.armoredSecretKey().getBytes(), new char[0]);
    }
    return attacker;
  }

  public static byte[] vendorPublicKey() {
    return resource("/keys/vendor-ed25519.pub.asc");
  }

  public static byte[] sign(byte[] data, SigningKey key) {
    return sign(data, List.of(key));
  }

  public static byte[] sign(byte[] data, List<SigningKey> keys) {
    return DetachedSigner.sign(data, keys, Instant.now().minusSeconds(60));
  }

  static byte[] resource(String name) {
    try (InputStream in = TestKeys.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
