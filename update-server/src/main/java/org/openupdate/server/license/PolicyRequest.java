package org.openupdate.server.license;

import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;

/**
 * A product's release policy on the wire.
 *
 * @param minimumSoakMinutes how long a release must be on another channel before the soak target
 * @param soakTargetChannel defaults to {@code stable}
 * @param allowedChannels empty or absent: every channel
 */
public record PolicyRequest(
    boolean approvalRequired,
    @PositiveOrZero long minimumSoakMinutes,
    String soakTargetChannel,
    List<String> blockedVersions,
    List<String> allowedChannels) {}
