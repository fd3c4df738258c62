package org.openupdate.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What a client tells the server about one update attempt.
 *
 * @param reportId unique per report; a resent report with the same id is counted once
 * @param phase set only with {@link UpdateStatus#IN_PROGRESS}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusReport(
    String reportId,
    String clientId,
    String product,
    String fromVersion,
    String version,
    String channel,
    UpdateStatus status,
    UpdatePhase phase,
    Instant timestamp,
    StatusDetails details) {}
