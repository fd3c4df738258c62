package org.openupdate.manifest.trust;

import java.time.Instant;
import java.util.List;

/**
 * A root of trust: which keys may sign the next root, which keys sign release manifests, and which
 * online key signs the short-lived channel timestamps. Field by field in the manifest-schema
 * README, "Trust root"; read with {@link TrustRoots#parse}, followed with {@link TrustRoots#next}.
 *
 * @param version 1 for the root an agent is installed with; every following root is exactly one
 *     higher
 * @param expires after this instant the root is never settled on, and an agent holding it as its
 *     newest refuses manifests until a newer root arrives
 * @param keys every public key the roles below name, armored, each with its primary fingerprint
 * @param rootKeys the keys that sign the next root (a threshold of them, and of the next root's own
 *     root keys)
 * @param signingKeys the keys whose signatures on a release manifest count
 * @param timestampKey the fingerprint of the online key that signs channel timestamps
 */
public record TrustRoot(
    int version,
    Instant expires,
    List<PublicKey> keys,
    KeySet rootKeys,
    KeySet signingKeys,
    String timestampKey) {

  public TrustRoot {
    keys = keys == null ? List.of() : List.copyOf(keys);
  }

  /** A public key the root names, with the fingerprint its roles refer to it by. */
  public record PublicKey(String fingerprint, String publicKey) {}

  /** A role: the keys that may act for it and how many of them must sign. */
  public record KeySet(int threshold, List<String> fingerprints) {
    public KeySet {
      fingerprints = fingerprints == null ? List.of() : List.copyOf(fingerprints);
    }
  }
}
