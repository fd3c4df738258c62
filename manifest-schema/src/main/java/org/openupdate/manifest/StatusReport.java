package org.openupdate.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What a client tells the server about one update attempt.
 *
 * @param reportId unique per report; a resent report with the same id is counted once
 * @param fromVersion the version running before; for {@link UpdateStatus#ROLLED_BACK} and {@link
 *     UpdateStatus#RECALLED} the version left (required for those), see {@link UpdateStatus}
 * @param version the version attempted, running now or refused, see {@link UpdateStatus}
 * @param phase set only with {@link UpdateStatus#IN_PROGRESS}
 * @param refusal set only, and always, with {@link UpdateStatus#REFUSED}
 * @param rollbackReason set only with {@link UpdateStatus#ROLLED_BACK}
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
    StatusDetails details,
    RefusalReason refusal,
    RollbackReason rollbackReason) {}
