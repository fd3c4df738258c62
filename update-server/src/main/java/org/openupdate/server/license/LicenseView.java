package org.openupdate.server.license;

import java.time.Instant;
import java.util.Set;
import org.openupdate.manifest.Version;

/**
 * What the check path needs to know about one license, held in the in-memory snapshot.
 *
 * @param allowedChannels channels the license entitles to; empty means every channel
 * @param expiresAt null when the license does not expire
 * @param versionCeiling null when any version may be offered
 */
public record LicenseView(
    long id,
    String customer,
    Set<String> allowedChannels,
    Instant expiresAt,
    boolean revoked,
    Set<Version> blockedVersions,
    Version versionCeiling) {

  public LicenseView {
    allowedChannels = Set.copyOf(allowedChannels);
    blockedVersions = Set.copyOf(blockedVersions);
  }

  /** Whether this license lets its holder install {@code version}. */
  public boolean permits(Version version) {
    return blockedVersions.stream().noneMatch(blocked -> blocked.compareTo(version) == 0)
        && (versionCeiling == null || !version.isNewerThan(versionCeiling));
  }
}
