package org.openupdate.client.internal.verify;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.openupdate.manifest.RefusalReason;
import org.openupdate.manifest.ReleaseManifest;
import org.openupdate.manifest.Version;

/**
 * What a correctly signed manifest must also satisfy: made for this product and channel, not
 * expired, newer than what is installed, not lower than the highest version ever seen (a replayed
 * old release is a rollback attack), and reachable from the installed version.
 */
public final class ManifestPolicy {
  private final String product;
  private final String channel;
  private final List<String> acceptedChannels;

  /**
   * @param acceptedChannels the agent's channel and those it follows, whose releases the server
   *     also offers it
   */
  public ManifestPolicy(String product, String channel, List<String> acceptedChannels) {
    this.product = product;
    this.channel = channel;
    this.acceptedChannels = List.copyOf(acceptedChannels);
  }

  /** Throws {@link RefusedException} naming the first rule the manifest breaks. */
  public void check(
      ReleaseManifest manifest, Version installed, Optional<Version> highestSeen, Instant now) {
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
    if (!offered.isNewerThan(installed)) {
      throw refused(
          RefusalReason.DOWNGRADE,
          release + " is not newer than the installed version " + installed + " (downgrade)");
    }
    if (highestSeen.isPresent() && highestSeen.get().isNewerThan(offered)) {
      throw refused(
          RefusalReason.ROLLBACK_PROTECTION,
          release
              + " is lower than version "
              + highestSeen.get()
              + " this agent has already seen (rollback attack)");
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
