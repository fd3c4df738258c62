package org.openupdate.manifest.trust;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.openupdate.manifest.pgp.DetachedSigner;
import org.openupdate.manifest.pgp.GeneratedKey;
import org.openupdate.manifest.pgp.PgpKeys;
import org.openupdate.manifest.pgp.SigningKey;

/** Throw-away keys for trust root tests, and small builders of roots over them. */
final class RootKeys {
  private RootKeys() {}

  static SigningKey generate(String name) {
    GeneratedKey key = PgpKeys.generateEd25519(name + " <" + name + "@test>", null);
    return PgpKeys.readSigningKey(key.armoredSecretKey().getBytes(StandardCharsets.US_ASCII), null);
  }

  static TrustRoot.PublicKey entry(SigningKey key) {
    return new TrustRoot.PublicKey(key.fingerprint().hex(), key.armoredPublicKey());
  }

  static TrustRoot.KeySet set(int threshold, SigningKey... keys) {
    return new TrustRoot.KeySet(
        threshold, Arrays.stream(keys).map(k -> k.fingerprint().hex()).toList());
  }

  /** A root naming {@code rootKeys} (threshold given), one signing key and a timestamp key. */
  static TrustRoot root(
      int version,
      Instant expires,
      int threshold,
      List<SigningKey> rootKeys,
      SigningKey signing,
      SigningKey timestamp) {
    List<TrustRoot.PublicKey> keys = new java.util.ArrayList<>();
    rootKeys.forEach(k -> keys.add(entry(k)));
    keys.add(entry(signing));
    keys.add(entry(timestamp));
    return new TrustRoot(
        version,
        expires,
        keys,
        set(threshold, rootKeys.toArray(SigningKey[]::new)),
        set(1, signing),
        timestamp.fingerprint().hex());
  }

  static byte[] sign(byte[] bytes, SigningKey... keys) {
    return DetachedSigner.sign(bytes, List.of(keys), Instant.now());
  }
}
