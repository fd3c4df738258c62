package org.openupdate.manifest.pgp;

import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;

/**
 * The keys whose signatures count, each identified by its primary key's full fingerprint.
 *
 * <pre>{@code
 * TrustedKeys keys = TrustedKeys.pinned(PgpKeys.readPublicKeys(bytes),
 *     List.of(Fingerprint.parse("923B76B73C91A5257E1404206ED835603A04B3DD")));
 * }</pre>
 */
public final class TrustedKeys {

  private final Map<Fingerprint, PGPPublicKeyRing> byPrimary;
  private final Map<Long, PGPPublicKeyRing> byKeyId = new HashMap<>();

  private TrustedKeys(Map<Fingerprint, PGPPublicKeyRing> byPrimary) {
    this.byPrimary = Map.copyOf(byPrimary);
    for (PGPPublicKeyRing ring : byPrimary.values()) {
      for (Iterator<PGPPublicKey> it = ring.getPublicKeys(); it.hasNext(); ) {
        byKeyId.put(it.next().getKeyID(), ring);
      }
    }
  }

  /**
   * Trusts only the keys whose primary fingerprint is pinned; other keys in {@code keys} are
   * ignored.
   *
   * @throws IllegalArgumentException when a pin matches none of the keys
   */
  public static TrustedKeys pinned(
      Collection<PGPPublicKeyRing> keys, Collection<Fingerprint> pins) {
    Map<Fingerprint, PGPPublicKeyRing> available = index(keys);
    Map<Fingerprint, PGPPublicKeyRing> trusted = new LinkedHashMap<>();
    for (Fingerprint pin : pins) {
      PGPPublicKeyRing ring = available.get(pin);
      if (ring == null) {
        throw new IllegalArgumentException(
            "pinned fingerprint "
                + pin
                + " matches none of the given public keys "
                + available.keySet());
      }
      trusted.put(pin, ring);
    }
    return new TrustedKeys(trusted);
  }

  /**
   * Trusts the armored public keys pinned by {@code pins}, e.g. those a trust root document names.
   *
   * @throws IllegalArgumentException when a key is unreadable or a pin matches none of them
   */
  public static TrustedKeys pinnedArmored(
      Collection<String> armoredKeys, Collection<Fingerprint> pins) {
    java.util.List<PGPPublicKeyRing> rings = new java.util.ArrayList<>();
    for (String armored : armoredKeys) {
      rings.addAll(
          PgpKeys.readPublicKeys(armored.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }
    return pinned(rings, pins);
  }

  /** Trusts every given key, for callers that already chose them (e.g. a server's own keys). */
  public static TrustedKeys of(Collection<PGPPublicKeyRing> keys) {
    return new TrustedKeys(index(keys));
  }

  private static Map<Fingerprint, PGPPublicKeyRing> index(Collection<PGPPublicKeyRing> keys) {
    Map<Fingerprint, PGPPublicKeyRing> map = new LinkedHashMap<>();
    for (PGPPublicKeyRing ring : keys) {
      map.put(Fingerprint.of(ring.getPublicKey()), ring);
    }
    return map;
  }

  public Set<Fingerprint> fingerprints() {
    return byPrimary.keySet();
  }

  /** The trusted certificate holding the key (primary or subkey) with this key id. */
  Optional<PGPPublicKeyRing> ringWithKey(long keyId) {
    return Optional.ofNullable(byKeyId.get(keyId));
  }
}
