package org.openupdate.server.fleet;

import java.time.Instant;

/**
 * What a client told the check: its version, channel, platform and agent version at a moment.
 *
 * @param platform null when the client sent none
 * @param agentVersion the agent's own version (X-Agent-Version), null when it sent none
 * @param dismissedVersions versions dismissed on the machine, comma separated
 *     (X-Dismissed-Versions); null when none
 * @param scheduledVersion the version a person scheduled the install of (X-Scheduled-Install), at
 *     {@code scheduledAt}; both null when none
 */
public record Sighting(
    String clientId,
    String product,
    String channel,
    String version,
    String platform,
    String agentVersion,
    String dismissedVersions,
    String scheduledVersion,
    Instant scheduledAt,
    Instant at) {

  /** A sighting of a client that told nothing about dismissed or scheduled versions. */
  public Sighting(
      String clientId,
      String product,
      String channel,
      String version,
      String platform,
      String agentVersion,
      Instant at) {
    this(clientId, product, channel, version, platform, agentVersion, null, null, null, at);
  }
}
