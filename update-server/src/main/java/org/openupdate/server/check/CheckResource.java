package org.openupdate.server.check;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import org.openupdate.manifest.Version;
import org.openupdate.server.fleet.FleetRecorder;
import org.openupdate.server.fleet.Sighting;
import org.openupdate.server.license.LicenseConfig;
import org.openupdate.server.metrics.UpdateMetrics;
import org.openupdate.server.problem.Problem;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;

/**
 * The poll every client makes. Runs on the I/O thread: it reads only the in-memory snapshot and
 * queues the client's sighting, so it never waits for the database.
 */
@Path("/api/v1/updates/check")
public class CheckResource {

  @Inject SnapshotHolder snapshots;
  @Inject CheckConfig config;
  @Inject LicenseConfig licenses;
  @Inject FleetRecorder fleet;
  @Inject UpdateMetrics metrics;
  @Inject Clock clock;

  @GET
  @NonBlocking
  public Response check(
      @HeaderParam("X-Current-Version") String currentVersion,
      @HeaderParam("X-Channel") String channel,
      @HeaderParam("X-Client-Id") String clientId,
      @HeaderParam("X-License-Key") String licenseKey,
      @HeaderParam("X-Product") String product,
      @HeaderParam("X-Platform") String platform,
      @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
    Version current = CheckHeaders.version(currentVersion);
    CheckQuery query =
        new CheckQuery(
            CheckHeaders.product(product, config.defaultProduct()),
            CheckHeaders.channel(channel),
            current,
            CheckHeaders.clientId(clientId),
            licenseKey);
    String platformName = CheckHeaders.platform(platform);
    CheckSnapshot snapshot = snapshots.current();
    if (!snapshot.hasProduct(query.product())) {
      throw new ProblemException(
          ProblemType.NOT_FOUND,
          "unknown product '" + query.product() + "'",
          List.of(new Problem.FieldError("X-Product", "unknown product")));
    }
    Answer answer =
        DecisionEngine.decide(snapshot, query, licenses.required(), clock.instant())
            .map(ReleaseOffer::answer)
            .orElse(Answer.NO_UPDATE);

    metrics.checked(query.product(), query.channel());
    if (query.clientId() != null) {
      fleet.seen(
          new Sighting(
              query.clientId(),
              query.product(),
              query.channel(),
              current.toString(),
              platformName,
              clock.instant()));
    }
    if (answer.matches(ifNoneMatch)) {
      return Response.notModified().header(HttpHeaders.ETAG, answer.etag()).build();
    }
    return Response.ok(answer.json(), MediaType.APPLICATION_JSON)
        .header(HttpHeaders.ETAG, answer.etag())
        .build();
  }
}
