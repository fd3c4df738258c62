package org.openupdate.server.fleet;

import java.time.Instant;

/** What a client told the check: its version, channel and platform at a moment. */
public record Sighting(
    String clientId, String product, String channel, String version, String platform, Instant at) {}
