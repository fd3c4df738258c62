package org.openupdate.server.license;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** A license as admins see it; {@code key} is only present in the answer that created it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LicenseSummary(
    long id,
    String customer,
    List<String> allowedChannels,
    Instant expiresAt,
    boolean revoked,
    List<String> blockedVersions,
    String versionCeiling,
    Instant createdAt,
    String key) {}
