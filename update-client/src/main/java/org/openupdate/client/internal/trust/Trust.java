package org.openupdate.client.internal.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openupdate.client.internal.config.ConfigException;
import org.openupdate.client.internal.config.Settings;
import org.openupdate.client.internal.net.Http;
import org.openupdate.client.internal.net.RefusedAnswerException;
import org.openupdate.client.internal.state.StateStore;
import org.openupdate.manifest.pgp.Fingerprint;
import org.openupdate.manifest.pgp.PgpKeys;
import org.openupdate.manifest.pgp.SignatureVerifier;
import org.openupdate.manifest.pgp.TrustedKeys;
import org.openupdate.manifest.trust.TrustException;
import org.openupdate.manifest.trust.TrustRoot;
import org.openupdate.manifest.trust.TrustRoots;

/**
 * What this agent trusts: the newest trust root it has followed (configured as {@code trust.root},
 * then each version the server offers, kept in the state directory), or, for a configuration that
 * still pins fingerprints, those keys as a root of their own that never changes and names no
 * timestamp key.
 */
public final class Trust {
  /** More roots than this in one check means something is wrong; the rest waits. */
  private static final int MAX_ROOTS_PER_CHECK = 100;

  private final Settings settings;
  private final Clock clock;
  private final Path kept;
  private final SignatureVerifier pinned;
  private TrustRoot root;

  /** How following the server's roots went. */
  public record Followed(List<Integer> accepted, Optional<String> problem) {}

  public Trust(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.kept = settings.stateDir().resolve("trust").resolve("root.json");
    if (settings.trustRoot().isPresent()) {
      this.pinned = null;
      this.root =
          newestOf(
              read(settings.trustRoot().get(), "configuration field 'trust.root'"), keptRoot());
    } else {
      this.pinned =
          new SignatureVerifier(pinnedKeys(settings), settings.signatureThreshold(), clock);
    }
  }

  /** The root manifests are verified with; empty for pinned fingerprints. */
  public Optional<TrustRoot> root() {
    return Optional.ofNullable(root);
  }

  /** Verifies release manifests: the newest root's signing keys, or the pinned keys. */
  public SignatureVerifier manifests() {
    return root == null ? pinned : TrustRoots.signingVerifier(root, clock);
  }

  /**
   * Asks the server for the root after the newest one, and the one after that, until there is none,
   * accepting each only when {@link TrustRoots#next} does. Settles on the newest unexpired root it
   * reached; a refused root leaves it where it was.
   */
  public Followed follow(Http http) {
    if (root == null) {
      return new Followed(List.of(), Optional.empty());
    }
    List<Integer> accepted = new ArrayList<>();
    TrustRoot walked = root;
    TrustRoot settled = root;
    byte[] settledBytes = null;
    byte[] settledSignature = null;
    Optional<String> refused = Optional.empty();
    for (int i = 0; i < MAX_ROOTS_PER_CHECK; i++) {
      int version = walked.version() + 1;
      String path = "api/v1/trust/root/" + version;
      try {
        Optional<byte[]> bytes = fetch(http, path, TrustRoots.MAX_ROOT_BYTES);
        if (bytes.isEmpty()) {
          break;
        }
        byte[] signature =
            fetch(http, path + ".asc", SignatureVerifier.MAX_SIGNATURE_BYTES)
                .orElseThrow(() -> new TrustException("root " + version + " has no signature"));
        walked = TrustRoots.next(walked, bytes.get(), signature, clock);
        if (!TrustRoots.isExpired(walked, clock.instant())) {
          // An expired root on the way is no problem once a later one vouches for the chain.
          settled = walked;
          settledBytes = bytes.get();
          settledSignature = signature;
          refused = Optional.empty();
        } else {
          refused =
              Optional.of(
                  "root version " + version + " expired at " + walked.expires() + "; not used");
        }
      } catch (TrustException e) {
        refused = Optional.of(e.getMessage());
        break;
      } catch (IOException e) {
        refused = Optional.of("cannot fetch root version " + version + ": " + e.getMessage());
        break;
      }
    }
    remember(refused);
    if (settled != root) {
      for (int v = root.version() + 1; v <= settled.version(); v++) {
        accepted.add(v);
      }
      keep(settledBytes, settledSignature);
      root = settled;
    }
    return new Followed(accepted, refused);
  }

  /** For {@code status}: the root in use, and what last went wrong following newer ones. */
  public String describe() {
    if (root == null) {
      return "none: pinned fingerprints "
          + settings.pinnedFingerprints()
          + " (threshold "
          + settings.signatureThreshold()
          + ")";
    }
    String problem = "";
    try {
      if (Files.exists(problemFile())) {
        problem = "; " + Files.readString(problemFile());
      }
    } catch (IOException e) {
      problem = "; " + e.getMessage();
    }
    return "version " + root.version() + ", expires " + root.expires() + problem;
  }

  private Path problemFile() {
    return kept.resolveSibling("follow-problem.txt");
  }

  private void remember(Optional<String> problem) {
    try {
      if (problem.isPresent()) {
        StateStore.writeAtomically(
            problemFile(),
            (clock.instant() + ": " + problem.get()).getBytes(StandardCharsets.UTF_8));
      } else {
        Files.deleteIfExists(problemFile());
      }
    } catch (IOException e) {
      // Only status reads it; the log line of the check says the same.
    }
  }

  private Optional<byte[]> fetch(Http http, String path, int limit) throws IOException {
    try {
      Http.Response response = http.get(settings.resolve(path), Map.of(), limit);
      if (response.status() == 404) {
        return Optional.empty();
      }
      if (response.status() != 200) {
        throw new IOException("GET " + path + " answered HTTP " + response.status());
      }
      return Optional.of(response.body());
    } catch (RefusedAnswerException e) {
      throw new TrustException(e.getMessage(), e);
    }
  }

  private void keep(byte[] bytes, byte[] signature) {
    try {
      StateStore.writeAtomically(kept, bytes);
      StateStore.writeAtomically(kept.resolveSibling("root.json.asc"), signature);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot keep trust root in " + kept, e);
    }
  }

  private Optional<TrustRoot> keptRoot() {
    if (!Files.exists(kept)) {
      return Optional.empty();
    }
    return Optional.of(read(kept, "the trust root kept in the state directory"));
  }

  /** The configured root, unless the state holds a newer one this agent followed to. */
  private static TrustRoot newestOf(TrustRoot configured, Optional<TrustRoot> followed) {
    return followed.filter(k -> k.version() > configured.version()).orElse(configured);
  }

  private static TrustRoot read(Path file, String what) {
    try {
      return TrustRoots.parse(Files.readAllBytes(file));
    } catch (IOException | TrustException e) {
      throw new ConfigException(
          what + " is not a readable trust root (" + file + "): " + e.getMessage(), e);
    }
  }

  /** Loads the configured key files and keeps only the pinned keys among them. */
  private static TrustedKeys pinnedKeys(Settings settings) {
    List<org.bouncycastle.openpgp.PGPPublicKeyRing> rings = new ArrayList<>();
    List<Path> files = settings.trustedKeyFiles();
    for (int i = 0; i < files.size(); i++) {
      try {
        rings.addAll(PgpKeys.readPublicKeys(Files.readAllBytes(files.get(i))));
      } catch (IOException | RuntimeException e) {
        throw new ConfigException(
            "configuration field 'trust.keys["
                + i
                + "]' is not a readable OpenPGP public key file ("
                + files.get(i)
                + "): "
                + e.getMessage(),
            e);
      }
    }
    try {
      List<Fingerprint> pins = settings.pinnedFingerprints();
      return TrustedKeys.pinned(rings, pins);
    } catch (RuntimeException e) {
      throw new ConfigException(
          "configuration field 'trust.fingerprints' does not match the keys in 'trust.keys': "
              + e.getMessage(),
          e);
    }
  }
}
