package org.openupdate.server.check;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import org.openupdate.manifest.Version;
import org.openupdate.server.fleet.FleetRecorder;
import org.openupdate.server.license.LicenseConfig;
import org.openupdate.server.metrics.UpdateMetrics;
import org.openupdate.server.problem.Problem;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;
import org.openupdate.server.transport.ClientIdentity;
import org.openupdate.server.transport.RateLimits;

/**
 * One poll from raw header values to its answer: validation, the client's identity and rate limit,
 * decision over the in-memory snapshot, the check counter and the queued fleet sighting. Never
 * touches the database.
 */
@ApplicationScoped
public class CheckService {

  @Inject SnapshotHolder snapshots;
  @Inject CheckConfig config;
  @Inject LicenseConfig licenses;
  @Inject FleetRecorder fleet;
  @Inject UpdateMetrics metrics;
  @Inject Clock clock;
  @Inject ClientIdentity identity;
  @Inject RateLimits rateLimits;

  /** The request's headers, as sent (any may be null). */
  public record Headers(
      String currentVersion,
      String channel,
      String clientId,
      String licenseKey,
      String product,
      String platform,
      String agentVersion,
      String dismissedVersions,
      String scheduledInstall) {}

  /**
   * @param request the poll as it arrived: its client certificate and address
   * @throws ProblemException naming the header for bad input; for license and channel refusals; a
   *     client certificate that is missing or names another client (401, 403); or too many polls
   *     (429)
   */
  public Answer answer(Headers headers, HttpServerRequest request) {
    Version current = CheckHeaders.version(headers.currentVersion());
    String clientId =
        identity.verified(request, CheckHeaders.clientId(headers.clientId()), "X-Client-Id");
    rateLimits.admitAddress(request);
    rateLimits.admitClient(clientId);
    CheckQuery query =
        new CheckQuery(
            CheckHeaders.product(headers.product(), config.defaultProduct()),
            CheckHeaders.channel(headers.channel()),
            current,
            clientId,
            headers.licenseKey());
    String platform = CheckHeaders.platform(headers.platform());
    CheckSnapshot snapshot = snapshots.current();
    if (!snapshot.hasProduct(query.product())) {
      throw new ProblemException(
          ProblemType.NOT_FOUND,
          "unknown product '" + query.product() + "'",
          List.of(new Problem.FieldError("X-Product", "unknown product")));
    }
    Answer answer =
        DecisionEngine.decide(snapshot, query, licenses.required(), clock.instant())
            .map(offer -> offer.answer().get())
            .orElse(Answer.NO_UPDATE);

    metrics.checked(query.product(), query.channel());
    if (query.clientId() != null) {
      CheckHeaders.Scheduled scheduled = CheckHeaders.scheduledInstall(headers.scheduledInstall());
      fleet.seen(
          query.clientId(),
          query.product(),
          query.channel(),
          current.toString(),
          platform,
          CheckHeaders.agentVersion(headers.agentVersion()),
          CheckHeaders.dismissedVersions(headers.dismissedVersions()),
          scheduled == null ? null : scheduled.version(),
          scheduled == null ? null : scheduled.at(),
          clock.millis());
    }
    return answer;
  }
}
