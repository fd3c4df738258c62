package org.openupdate.server.license;

import java.time.Duration;
import java.util.Set;
import org.openupdate.manifest.Version;

/**
 * A product's release policy from the original design's enterprise policy: approval by a second
 * person, a minimum soak in a lower channel before the soak target (usually stable), blocked
 * versions and the channels the product may be served on.
 *
 * @param allowedChannels empty means every channel of the product
 */
public record ReleasePolicy(
    boolean approvalRequired,
    Duration minimumSoak,
    String soakTargetChannel,
    Set<Version> blockedVersions,
    Set<String> allowedChannels) {

  public static final ReleasePolicy OPEN =
      new ReleasePolicy(false, Duration.ZERO, "stable", Set.of(), Set.of());

  public ReleasePolicy {
    blockedVersions = Set.copyOf(blockedVersions);
    allowedChannels = Set.copyOf(allowedChannels);
    if (minimumSoak == null || minimumSoak.isNegative()) {
      throw new IllegalArgumentException(
          "minimumSoak must be zero or positive, was " + minimumSoak);
    }
  }

  public boolean blocks(Version version) {
    return blockedVersions.stream().anyMatch(blocked -> blocked.compareTo(version) == 0);
  }

  public boolean allowsChannel(String channel) {
    return allowedChannels.isEmpty() || allowedChannels.contains(channel);
  }
}
