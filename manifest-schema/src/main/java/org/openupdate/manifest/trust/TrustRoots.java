package org.openupdate.manifest.trust;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openupdate.manifest.ManifestJson;
import org.openupdate.manifest.pgp.Fingerprint;
import org.openupdate.manifest.pgp.PgpKeys;
import org.openupdate.manifest.pgp.SignatureVerifier;
import org.openupdate.manifest.pgp.TrustedKeys;
import org.openupdate.manifest.pgp.Verification;

/**
 * Reading, checking and following trust roots (manifest-schema README, "Trust root").
 *
 * <pre>{@code
 * TrustRoot current = TrustRoots.parse(Files.readAllBytes(rootFile));
 * TrustRoot next = TrustRoots.next(current, nextBytes, nextSignature, clock); // or TrustException
 * SignatureVerifier manifests = TrustRoots.signingVerifier(next, clock);
 * }</pre>
 */
public final class TrustRoots {

  /** A root names a handful of armored keys; anything larger is not one. */
  public static final int MAX_ROOT_BYTES = 256 * 1024;

  /** A timestamp is a few hundred bytes. */
  public static final int MAX_TIMESTAMP_BYTES = 8 * 1024;

  private TrustRoots() {}

  /**
   * Reads a root document and checks that it holds together: thresholds between 1 and the number of
   * keys of their role, every fingerprint a role names among {@code keys}, every key's armor
   * holding exactly the certificate its fingerprint says. Signatures are not checked here.
   *
   * @throws TrustException naming the field that is wrong
   */
  public static TrustRoot parse(byte[] bytes) {
    if (bytes.length > MAX_ROOT_BYTES) {
      throw new TrustException(
          "root document is "
              + bytes.length
              + " bytes, more than the "
              + MAX_ROOT_BYTES
              + " allowed");
    }
    TrustRoot root;
    try {
      root = ManifestJson.read(bytes, TrustRoot.class);
    } catch (IllegalArgumentException e) {
      throw new TrustException("root document is not valid JSON: " + e.getMessage(), e);
    }
    check(root);
    return root;
  }

  private static void check(TrustRoot root) {
    String name = "root version " + root.version();
    if (root.version() < 1) {
      throw new TrustException("root field 'version' must be at least 1, was " + root.version());
    }
    if (root.expires() == null) {
      throw new TrustException(name + ": field 'expires' is required");
    }
    Map<String, String> keys = new LinkedHashMap<>();
    for (int i = 0; i < root.keys().size(); i++) {
      TrustRoot.PublicKey key = root.keys().get(i);
      Fingerprint fingerprint = fingerprint(name, "keys[" + i + "].fingerprint", key.fingerprint());
      if (key.publicKey() == null) {
        throw new TrustException(name + ": field 'keys[" + i + "].publicKey' is required");
      }
      List<Fingerprint> inArmor;
      try {
        inArmor = PgpKeys.fingerprints(key.publicKey().getBytes(StandardCharsets.US_ASCII));
      } catch (IllegalArgumentException e) {
        throw new TrustException(
            name
                + ": field 'keys["
                + i
                + "].publicKey' is no OpenPGP public key: "
                + e.getMessage(),
            e);
      }
      if (!inArmor.equals(List.of(fingerprint))) {
        throw new TrustException(
            name
                + ": field 'keys["
                + i
                + "].publicKey' holds "
                + inArmor
                + ", not the one key "
                + fingerprint
                + " its fingerprint names");
      }
      if (keys.put(fingerprint.hex(), key.publicKey()) != null) {
        throw new TrustException(name + ": key " + fingerprint + " is listed twice in 'keys'");
      }
    }
    checkRole(name, "rootKeys", root.rootKeys(), keys);
    checkRole(name, "signingKeys", root.signingKeys(), keys);
    Fingerprint timestamp = fingerprint(name, "timestampKey", root.timestampKey());
    if (!keys.containsKey(timestamp.hex())) {
      throw new TrustException(
          name + ": field 'timestampKey' names " + timestamp + ", which is not in 'keys'");
    }
  }

  private static void checkRole(
      String name, String field, TrustRoot.KeySet role, Map<String, String> keys) {
    if (role == null || role.fingerprints().isEmpty()) {
      throw new TrustException(name + ": field '" + field + "' must name at least one key");
    }
    Set<String> distinct = new HashSet<>();
    for (int i = 0; i < role.fingerprints().size(); i++) {
      Fingerprint fingerprint =
          fingerprint(name, field + ".fingerprints[" + i + "]", role.fingerprints().get(i));
      if (!keys.containsKey(fingerprint.hex())) {
        throw new TrustException(
            name
                + ": field '"
                + field
                + ".fingerprints["
                + i
                + "]' names "
                + fingerprint
                + ", which is not in 'keys'");
      }
      if (!distinct.add(fingerprint.hex())) {
        throw new TrustException(name + ": field '" + field + "' names " + fingerprint + " twice");
      }
    }
    if (role.threshold() < 1 || role.threshold() > distinct.size()) {
      throw new TrustException(
          name
              + ": field '"
              + field
              + ".threshold' must be between 1 and "
              + distinct.size()
              + ", was "
              + role.threshold());
    }
  }

  private static Fingerprint fingerprint(String name, String field, String value) {
    try {
      Fingerprint parsed = Fingerprint.parse(value);
      if (!parsed.hex().equals(value)) {
        // One spelling only: roles refer to keys by exactly the text in 'keys'.
        throw new IllegalArgumentException("write it as 40 or 64 upper-case hex digits");
      }
      return parsed;
    } catch (IllegalArgumentException e) {
      throw new TrustException(
          name + ": field '" + field + "' is not a full fingerprint: " + e.getMessage(), e);
    }
  }

  /**
   * Accepts {@code bytes} as the root after {@code current}: its signatures are checked over the
   * exact bytes with {@code current}'s root keys before anything parses them, then with its own
   * root keys, and its version must be exactly one higher. Expiry is the caller's to judge (see
   * {@link #isExpired}): an agent walks past an expired intermediate root to a later one.
   *
   * @throws TrustException saying why the root is refused
   */
  public static TrustRoot next(TrustRoot current, byte[] bytes, byte[] signature, Clock clock) {
    int expected = current.version() + 1;
    Verification byOld = rootVerifier(current, clock).verify(bytes, signature);
    if (!byOld.valid()) {
      throw new TrustException(
          "root version "
              + expected
              + " is not signed by "
              + current.rootKeys().threshold()
              + " of the root keys of version "
              + current.version()
              + ": "
              + String.join("; ", byOld.problems()));
    }
    TrustRoot next = parse(bytes);
    if (next.version() != expected) {
      throw new TrustException(
          "root served as version "
              + expected
              + " says version "
              + next.version()
              + "; each root must be exactly one version above the one before");
    }
    Verification byOwn = rootVerifier(next, clock).verify(bytes, signature);
    if (!byOwn.valid()) {
      throw new TrustException(
          "root version "
              + expected
              + " is not signed by "
              + next.rootKeys().threshold()
              + " of its own root keys: "
              + String.join("; ", byOwn.problems()));
    }
    return next;
  }

  /**
   * Checks that a root is signed by a threshold of its own root keys: the first root of a chain,
   * which nothing before it vouches for.
   *
   * @throws TrustException saying why not
   */
  public static TrustRoot selfSigned(byte[] bytes, byte[] signature, Clock clock) {
    TrustRoot root = parse(bytes);
    Verification verification = rootVerifier(root, clock).verify(bytes, signature);
    if (!verification.valid()) {
      throw new TrustException(
          "root version "
              + root.version()
              + " is not signed by "
              + root.rootKeys().threshold()
              + " of its own root keys: "
              + String.join("; ", verification.problems()));
    }
    return root;
  }

  public static boolean isExpired(TrustRoot root, Instant now) {
    return !root.expires().isAfter(now);
  }

  /** Verifies signatures on the next root: a threshold of this root's root keys. */
  public static SignatureVerifier rootVerifier(TrustRoot root, Clock clock) {
    return verifier(root, root.rootKeys().fingerprints(), root.rootKeys().threshold(), clock);
  }

  /** Verifies release manifests: a threshold of this root's signing keys. */
  public static SignatureVerifier signingVerifier(TrustRoot root, Clock clock) {
    return verifier(root, root.signingKeys().fingerprints(), root.signingKeys().threshold(), clock);
  }

  /** Verifies channel timestamps: the root's one timestamp key. */
  public static SignatureVerifier timestampVerifier(TrustRoot root, Clock clock) {
    return verifier(root, List.of(root.timestampKey()), 1, clock);
  }

  private static SignatureVerifier verifier(
      TrustRoot root, List<String> fingerprints, int threshold, Clock clock) {
    Map<String, String> armored = new LinkedHashMap<>();
    root.keys().forEach(k -> armored.put(k.fingerprint(), k.publicKey()));
    List<String> named = fingerprints.stream().map(armored::get).toList();
    return new SignatureVerifier(
        TrustedKeys.pinnedArmored(named, fingerprints.stream().map(Fingerprint::parse).toList()),
        threshold,
        clock);
  }

  /**
   * Accepts a channel timestamp signed by the root's timestamp key, checked over the exact bytes
   * before they are parsed. Expiry and the channel are the caller's to judge.
   *
   * @throws TrustException saying why it is refused
   */
  public static Timestamp timestamp(TrustRoot root, byte[] bytes, byte[] signature, Clock clock) {
    if (bytes.length > MAX_TIMESTAMP_BYTES) {
      throw new TrustException("timestamp is " + bytes.length + " bytes, too large to be one");
    }
    Verification verification = timestampVerifier(root, clock).verify(bytes, signature);
    if (!verification.valid()) {
      throw new TrustException(
          "timestamp is not signed by the timestamp key "
              + root.timestampKey()
              + " of root version "
              + root.version()
              + ": "
              + String.join("; ", verification.problems()));
    }
    Timestamp timestamp;
    try {
      timestamp = ManifestJson.read(bytes, Timestamp.class);
    } catch (IllegalArgumentException e) {
      throw new TrustException("timestamp is signed but unreadable: " + e.getMessage(), e);
    }
    if (timestamp.product() == null
        || timestamp.channel() == null
        || timestamp.expires() == null
        || timestamp.sequence() < 0) {
      throw new TrustException(
          "timestamp is signed but lacks 'product', 'channel' or 'expires', or has a negative"
              + " 'sequence'");
    }
    return timestamp;
  }

  /** The document as the tools and the server write it: indented JSON, one field a line. */
  public static byte[] write(TrustRoot root) {
    try {
      return ManifestJson.mapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
