package org.openupdate.client.internal.verify;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openupdate.manifest.RefusalReason;
import org.openupdate.manifest.ReleaseManifest;
import org.openupdate.manifest.Version;

/**
 * What a correctly signed manifest must also satisfy: made for this product and channel, not a
 * replay (its sequence not below the highest this agent installed for the channel), not expired,
 * newer than what is installed unless it is a valid recall, reachable from the installed version,
 * and compatible with this machine. The rules are the manifest-schema README's "Sequence and
 * recall".
 */
public final class ManifestPolicy {
  private final String product;
  private final String channel;
  private final List<String> acceptedChannels;
  private final Compatibility compatibility;

  /**
   * What this agent knows when it judges a manifest.
   *
   * @param highestSeen the highest version offered in a verified manifest or installed; only
   *     manifests without a sequence are held to it
   * @param sequences per channel, the highest sequence of a manifest whose release was installed
   *     and kept
   */
  public record Known(
      Version installed, Optional<Version> highestSeen, Map<String, Long> sequences) {}

  /** How an acceptable manifest is installed. */
  public enum Verdict {
    /** A newer release. */
    UPDATE,
    /** A lower release that recalls the installed, pulled one. */
    RECALL
  }

  /**
   * @param acceptedChannels the agent's channel and those it follows, whose releases the server
   *     also offers it
   */
  public ManifestPolicy(
      String product, String channel, List<String> acceptedChannels, Compatibility compatibility) {
    this.product = product;
    this.channel = channel;
    this.acceptedChannels = List.copyOf(acceptedChannels);
    this.compatibility = compatibility;
  }

  /** Throws {@link RefusedException} naming the first rule the manifest breaks. */
  public Verdict check(ReleaseManifest manifest, Known known, Instant now) {
    String release = "release " + manifest.product() + " " + manifest.version();
    if (!product.equals(manifest.product())) {
      throw refused(
          RefusalReason.WRONG_PRODUCT,
          release
              + " is for product '"
              + manifest.product()
              + "', this agent updates '"
              + product
              + "'");
    }
    if (!acceptedChannels.contains(manifest.channel())) {
      throw refused(
          RefusalReason.WRONG_CHANNEL,
          release
              + " is for channel '"
              + manifest.channel()
              + "', this agent follows '"
              + channel
              + "' and accepts "
              + acceptedChannels);
    }
    // A manifest signed before sequences existed counts as sequence 0.
    long sequence = manifest.sequence() == null ? 0 : manifest.sequence();
    long kept = known.sequences().getOrDefault(manifest.channel(), 0L);
    if (sequence < kept) {
      throw refused(
          RefusalReason.SEQUENCE_REPLAY,
          release
              + (manifest.sequence() == null ? " has no sequence" : " has sequence " + sequence)
              + ", below "
              + kept
              + ", the highest this agent has installed for channel '"
              + manifest.channel()
              + "' (a replayed manifest)");
    }
    if (manifest.expires() == null) {
      throw refused(
          RefusalReason.EXPIRED,
          release + " has no 'expires' date; unexpiring manifests can be replayed forever");
    }
    if (!manifest.expires().isAfter(now)) {
      throw refused(
          RefusalReason.EXPIRED,
          release + " expired at " + manifest.expires() + " (now " + now + ")");
    }
    checkComponents(manifest, release);
    Version offered = parse(manifest.version(), release, "version");
    Version installed = known.installed();
    Verdict verdict;
    if (offered.isNewerThan(installed)) {
      verdict = Verdict.UPDATE;
      // Without a sequence nothing proves the manifest fresh: the older rule still holds.
      if (manifest.sequence() == null
          && known.highestSeen().isPresent()
          && known.highestSeen().get().isNewerThan(offered)) {
        throw refused(
            RefusalReason.ROLLBACK_PROTECTION,
            release
                + " is lower than version "
                + known.highestSeen().get()
                + " this agent has already seen (rollback attack)");
      }
    } else if (installed.isNewerThan(offered) && manifest.recallOf() != null) {
      verdict = Verdict.RECALL;
      checkRecall(manifest, release, installed, kept);
    } else {
      throw refused(
          RefusalReason.DOWNGRADE,
          release + " is not newer than the installed version " + installed + " (downgrade)");
    }
    if (manifest.minimumVersion() != null
        && parse(manifest.minimumVersion(), release, "minimumVersion").isNewerThan(installed)) {
      throw refused(
          RefusalReason.MINIMUM_VERSION,
          release
              + " requires at least version "
              + manifest.minimumVersion()
              + " installed; this agent has "
              + installed
              + " (install an intermediate release first)");
    }
    Optional<String> unmet = compatibility.unmet(manifest.compatibility());
    if (unmet.isPresent()) {
      throw refused(
          RefusalReason.INCOMPATIBLE, release + " is not for this machine: " + unmet.get());
    }
    return verdict;
  }

  /**
   * A lower version is a downgrade unless its manifest recalls exactly the installed version and
   * was signed after everything this agent installed from the channel.
   */
  private static void checkRecall(
      ReleaseManifest manifest, String release, Version installed, long kept) {
    if (!parse(manifest.recallOf(), release, "recallOf").equals(installed)) {
      throw refused(
          RefusalReason.DOWNGRADE,
          release
              + " recalls "
              + manifest.recallOf()
              + ", not the installed version "
              + installed
              + " (downgrade)");
    }
    if (manifest.sequence() == null || manifest.sequence() <= kept) {
      throw refused(
          RefusalReason.DOWNGRADE,
          release
              + " recalls "
              + installed
              + " but its sequence "
              + (manifest.sequence() == null ? "(none)" : manifest.sequence())
              + " is not above "
              + kept
              + ", the highest this agent has installed for channel '"
              + manifest.channel()
              + "' (downgrade)");
    }
  }

  // Component names become directory names and versions become version directories: a signed
  // manifest still must not be able to point them outside the install directory.
  private static void checkComponents(ReleaseManifest manifest, String release) {
    if (!manifest.version().matches("[0-9A-Za-z][0-9A-Za-z.+-]*")) {
      throw refused(
          RefusalReason.MALFORMED, release + " has a version unusable as a directory name");
    }
    if (manifest.components() == null || manifest.components().isEmpty()) {
      throw refused(RefusalReason.MALFORMED, release + " lists no components");
    }
    manifest
        .components()
        .forEach(
            (name, component) -> {
              if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                throw refused(
                    RefusalReason.MALFORMED,
                    release + " has a component name '" + name + "' unusable as a directory name");
              }
              if (component.sha256() == null || !component.sha256().matches("[0-9a-f]{64}")) {
                throw refused(
                    RefusalReason.MALFORMED,
                    release + " component '" + name + "' has no valid sha256");
              }
              if (component.size() < 0) {
                throw refused(
                    RefusalReason.MALFORMED,
                    release + " component '" + name + "' has a negative size");
              }
            });
  }

  private static Version parse(String text, String release, String field) {
    try {
      return Version.parse(text);
    } catch (IllegalArgumentException e) {
      throw refused(
          RefusalReason.MALFORMED,
          release + " has a " + field + " '" + text + "' that is not a semantic version");
    }
  }

  private static RefusedException refused(RefusalReason reason, String message) {
    return new RefusedException(reason, message + "; refused");
  }
}
