package org.openupdate.server.license;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.openupdate.server.channel.ChannelService;

/**
 * A product's release policy on the wire. Its limits are the only ones: the columns hold whatever
 * passes them.
 *
 * @param minimumSoakMinutes how long a release must be on another channel before the soak target
 * @param soakTargetChannel defaults to {@code stable}
 * @param allowedChannels empty or absent: every channel
 */
public record PolicyRequest(
    boolean approvalRequired,
    @PositiveOrZero @Max(value = MAX_SOAK_MINUTES, message = "must be at most ten years in minutes")
        long minimumSoakMinutes,
    @Pattern(regexp = ChannelService.NAME_RULE, message = ChannelService.NAME_MESSAGE)
        String soakTargetChannel,
    @Size(max = LicenseRequest.MAX_VERSIONS)
        List<
                @NotNull(message = "must be a version, not null")
                @Size(max = LicenseRequest.VERSION_LENGTH) String>
            blockedVersions,
    @Size(max = LicenseRequest.MAX_CHANNELS)
        List<
                @NotNull(message = "must be a channel name, not null")
                @Pattern(regexp = ChannelService.NAME_RULE, message = ChannelService.NAME_MESSAGE)
                String>
            allowedChannels) {

  /** Ten years: a soak longer than that is a typo, and minutes times 60 must stay a long. */
  static final long MAX_SOAK_MINUTES = 10L * 366 * 24 * 60;
}
