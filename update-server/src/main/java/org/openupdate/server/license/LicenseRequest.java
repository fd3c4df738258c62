package org.openupdate.server.license;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** A new license; empty lists mean "every channel" and "nothing blocked". */
public record LicenseRequest(
    @NotBlank @Size(max = 200) String customer,
    List<@NotBlank String> allowedChannels,
    Instant expiresAt,
    List<@NotBlank String> blockedVersions,
    String versionCeiling) {}
