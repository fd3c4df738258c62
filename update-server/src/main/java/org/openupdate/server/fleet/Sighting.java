package org.openupdate.server.fleet;

import java.time.Instant;

/**
 * What a client told the check: its version, channel, platform and agent version at a moment.
 *
 * @param platform null when the client sent none
 * @param agentVersion the agent's own version (X-Agent-Version), null when it sent none
 */
public record Sighting(
    String clientId,
    String product,
    String channel,
    String version,
    String platform,
    String agentVersion,
    Instant at) {}
