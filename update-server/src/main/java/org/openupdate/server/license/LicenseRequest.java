package org.openupdate.server.license;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.openupdate.server.channel.ChannelService;

/**
 * A new license; empty lists mean "every channel" and "nothing blocked". Its limits are the only
 * ones: the columns hold whatever passes them.
 */
public record LicenseRequest(
    @NotBlank @Size(max = 200) String customer,
    @Size(max = MAX_CHANNELS)
        List<
                @NotNull(message = "must be a channel name, not null")
                @Pattern(regexp = ChannelService.NAME_RULE, message = ChannelService.NAME_MESSAGE)
                String>
            allowedChannels,
    Instant expiresAt,
    @Size(max = MAX_VERSIONS) List<@NotBlank @Size(max = VERSION_LENGTH) String> blockedVersions,
    @Size(max = VERSION_LENGTH) String versionCeiling) {

  /** As long as the schemas let a version be (manifest-schema's {@code Version} too). */
  static final int VERSION_LENGTH = 128;

  /** Most blocked versions in a license or policy (the column holds them comma separated). */
  static final int MAX_VERSIONS = 100;

  /** Most channels a license or policy names (the column holds them comma separated). */
  static final int MAX_CHANNELS = 50;
}
