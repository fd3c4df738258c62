package org.openupdate.client.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.openupdate.manifest.pgp.Fingerprint;
import org.openupdate.manifest.pgp.PgpKeys;
import org.openupdate.manifest.trust.TrustException;
import org.openupdate.manifest.trust.TrustRoot;
import org.openupdate.manifest.trust.TrustRoots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code update-client root}: writes trust root documents offline and verifies chains of them. Root
 * key holders sign each written root with {@code update-client sign} or {@code gpg --detach-sign}.
 */
@Command(
    name = "root",
    description = "Write trust root documents and verify chains of them (offline).",
    subcommands = {RootCommand.Init.class, RootCommand.Next.class, RootCommand.Verify.class})
final class RootCommand {

  /** Role changes shared by {@code init} and {@code next}. */
  static class Roles {
    @Option(names = "--add-root-key", description = "public key file of a root key; repeatable")
    List<Path> addRoot = List.of();

    @Option(names = "--remove-root-key", description = "fingerprint of a root key to drop")
    List<String> removeRoot = List.of();

    @Option(names = "--root-threshold", description = "root signatures needed")
    Integer rootThreshold;

    @Option(names = "--add-signing-key", description = "public key file of a signing key")
    List<Path> addSigning = List.of();

    @Option(names = "--remove-signing-key", description = "fingerprint of a signing key to drop")
    List<String> removeSigning = List.of();

    @Option(names = "--signing-threshold", description = "manifest signatures needed")
    Integer signingThreshold;

    @Option(names = "--timestamp-key", description = "public key file of the timestamp key")
    Path timestamp;

    @Option(
        names = "--expires-in",
        defaultValue = "365",
        description = "days until the root expires (default 365)")
    int expiresInDays;

    @Option(
        names = {"-o", "--output"},
        required = true,
        description = "file to write")
    Path output;

    /** Applies the changes to {@code base}'s roles and keys; writes and prints the new root. */
    int write(String command, int version, TrustRoot base) throws IOException {
      Map<String, String> keys = new LinkedHashMap<>();
      base.keys().forEach(k -> keys.put(k.fingerprint(), k.publicKey()));
      List<String> root = change(base.rootKeys(), addRoot, removeRoot, keys);
      List<String> signing = change(base.signingKeys(), addSigning, removeSigning, keys);
      String timestampKey = base.timestampKey();
      if (timestamp != null) {
        timestampKey = add(timestamp, keys);
      }
      Set<String> used = new LinkedHashSet<>(root);
      used.addAll(signing);
      used.add(timestampKey);
      List<TrustRoot.PublicKey> named = new ArrayList<>();
      keys.forEach(
          (fingerprint, armored) -> {
            if (used.contains(fingerprint)) {
              named.add(new TrustRoot.PublicKey(fingerprint, armored));
            }
          });
      TrustRoot next =
          new TrustRoot(
              version,
              Instant.now().plus(Duration.ofDays(expiresInDays)).truncatedTo(ChronoUnit.SECONDS),
              named,
              new TrustRoot.KeySet(threshold(rootThreshold, base.rootKeys(), root), root),
              new TrustRoot.KeySet(
                  threshold(signingThreshold, base.signingKeys(), signing), signing),
              timestampKey);
      byte[] bytes = TrustRoots.write(next);
      try {
        TrustRoots.parse(bytes);
      } catch (TrustException e) {
        System.err.println("update-client root " + command + ": " + e.getMessage());
        return 2;
      }
      Files.write(output, bytes);
      System.out.println(
          "wrote root version "
              + version
              + " to "
              + output
              + " (expires "
              + next.expires()
              + "; root keys "
              + root
              + " threshold "
              + next.rootKeys().threshold()
              + "; signing keys "
              + signing
              + " threshold "
              + next.signingKeys().threshold()
              + "; timestamp key "
              + timestampKey
              + "). Sign it with a threshold of the previous root's root keys and of its own.");
      return ExitCode.OK;
    }

    private static int threshold(Integer given, TrustRoot.KeySet before, List<String> keys) {
      // Kept as it was unless given, but never more than the keys there are.
      int value = given != null ? given : before == null ? 1 : before.threshold();
      return given != null ? value : Math.min(value, Math.max(1, keys.size()));
    }

    private static List<String> change(
        TrustRoot.KeySet before, List<Path> add, List<String> remove, Map<String, String> keys)
        throws IOException {
      List<String> result = new ArrayList<>(before == null ? List.of() : before.fingerprints());
      for (String fingerprint : remove) {
        String hex = Fingerprint.parse(fingerprint).hex();
        if (!result.remove(hex)) {
          throw new IllegalArgumentException(
              "key " + hex + " is not in the role to remove it from");
        }
      }
      for (Path file : add) {
        String hex = add(file, keys);
        if (!result.contains(hex)) {
          result.add(hex);
        }
      }
      return result;
    }

    private static String add(Path file, Map<String, String> keys) throws IOException {
      byte[] bytes = Files.readAllBytes(file);
      List<Fingerprint> fingerprints = PgpKeys.fingerprints(bytes);
      if (fingerprints.size() != 1) {
        throw new IllegalArgumentException(file + " must hold exactly one public key");
      }
      // Stored as armor, whatever form the file had.
      keys.put(fingerprints.get(0).hex(), PgpKeys.armor(PgpKeys.readPublicKeys(bytes).get(0)));
      return fingerprints.get(0).hex();
    }
  }

  @Command(name = "init", description = "Write root version 1 from public key files.")
  static final class Init extends Roles implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      if (addRoot.isEmpty() || addSigning.isEmpty() || timestamp == null) {
        System.err.println(
            "update-client root init: --add-root-key, --add-signing-key and --timestamp-key are"
                + " required");
        return 2;
      }
      return guarded(
          "init", () -> write("init", 1, new TrustRoot(0, null, List.of(), null, null, null)));
    }
  }

  @Command(
      name = "next",
      description = "Write the root after CURRENT: keys added or removed, thresholds, new expiry.")
  static final class Next extends Roles implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CURRENT")
    Path current;

    @Override
    public Integer call() throws Exception {
      return guarded(
          "next",
          () -> {
            TrustRoot base = TrustRoots.parse(Files.readAllBytes(current));
            return write("next", base.version() + 1, base);
          });
    }
  }

  @Command(
      name = "verify",
      description =
          "Verify a chain of roots offline: ROOT.asc beside each ROOT; the first must be signed by"
              + " its own root keys, each next by the one before and by its own.")
  static final class Verify implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "ROOT")
    List<Path> roots;

    @Override
    public Integer call() throws Exception {
      Clock clock = Clock.systemUTC();
      TrustRoot current = null;
      for (Path file : roots) {
        byte[] bytes = Files.readAllBytes(file);
        byte[] signature = Files.readAllBytes(file.resolveSibling(file.getFileName() + ".asc"));
        try {
          current =
              current == null
                  ? TrustRoots.selfSigned(bytes, signature, clock)
                  : TrustRoots.next(current, bytes, signature, clock);
        } catch (TrustException e) {
          System.err.println("invalid: " + file + ": " + e.getMessage());
          return ExitCode.REFUSED;
        }
        System.out.println(
            "valid: "
                + file
                + " is root version "
                + current.version()
                + (TrustRoots.isExpired(current, clock.instant())
                    ? ", EXPIRED at " + current.expires()
                    : ", expires " + current.expires()));
      }
      if (TrustRoots.isExpired(current, clock.instant())) {
        System.err.println("invalid: the newest root has expired; agents will not settle on it");
        return ExitCode.REFUSED;
      }
      return ExitCode.OK;
    }
  }

  private interface Step {
    int run() throws IOException;
  }

  private static int guarded(String command, Step step) throws IOException {
    try {
      return step.run();
    } catch (IllegalArgumentException e) {
      System.err.println("update-client root " + command + ": " + e.getMessage());
      return 2;
    }
  }
}
