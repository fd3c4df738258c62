package org.openupdate.server.status;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.openupdate.manifest.ManifestJson;
import org.openupdate.manifest.SchemaType;
import org.openupdate.manifest.SchemaValidator;
import org.openupdate.manifest.SchemaViolation;
import org.openupdate.manifest.StatusReport;
import org.openupdate.server.check.CheckConfig;
import org.openupdate.server.check.CheckSnapshot;
import org.openupdate.server.check.SnapshotHolder;
import org.openupdate.server.problem.NulCharacters;
import org.openupdate.server.problem.Problem;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;
import org.openupdate.server.transport.ClientIdentity;
import org.openupdate.server.transport.RateLimits;

/**
 * Status reports from clients. The body is checked against the schema on its exact bytes, the
 * release against the snapshot; the answer waits, without holding a thread, until the report's
 * batch commits.
 */
@Path("/api/v1/updates/status")
public class StatusResource {

  @Inject StatusConfig config;
  @Inject StatusIngest ingest;
  @Inject SnapshotHolder snapshots;
  @Inject CheckConfig checkConfig;
  @Inject ClientIdentity identity;
  @Inject RateLimits rateLimits;

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public CompletionStage<Response> report(byte[] body, @Context HttpServerRequest request) {
    rateLimits.admitAddress(request);
    StatusReport parsed = validated(body);
    rateLimits.admitClient(identity.verified(request, parsed.clientId(), "/clientId"));
    StatusReport report = known(parsed);
    return ingest
        .submit(report)
        .thenApply(
            accepted -> Response.accepted(accepted).type(MediaType.APPLICATION_JSON).build());
  }

  private StatusReport validated(byte[] body) {
    if (body == null || body.length == 0) {
      throw new ProblemException(ProblemType.MALFORMED_REQUEST, "the status report body is empty");
    }
    if (body.length > config.maxBodyBytes()) {
      throw new ProblemException(
          ProblemType.PAYLOAD_TOO_LARGE,
          "a status report may have at most "
              + config.maxBodyBytes()
              + " bytes, was "
              + body.length);
    }
    List<SchemaViolation> violations =
        SchemaValidator.instance().validate(SchemaType.STATUS_REPORT, body);
    if (!violations.isEmpty()) {
      List<Problem.FieldError> errors =
          violations.stream()
              .map(
                  v ->
                      new Problem.FieldError(
                          v.pointer().isEmpty() ? "/" : v.pointer(), v.message()))
              .toList();
      throw new ProblemException(
          ProblemType.VALIDATION_FAILED,
          "the status report does not match its schema: "
              + errors.get(0).field()
              + " "
              + errors.get(0).message(),
          errors);
    }
    // Its error messages are stored as text, which cannot hold a NUL on PostgreSQL.
    NulCharacters.refuseIn(body);
    return ManifestJson.read(body, StatusReport.class);
  }

  /** The report with its product filled in, for a channel and release the snapshot knows. */
  private StatusReport known(StatusReport parsed) {
    String product = parsed.product() == null ? checkConfig.defaultProduct() : parsed.product();
    CheckSnapshot snapshot = snapshots.current();
    if (parsed.channel() == null) {
      throw unprocessable("/channel", "is needed to attribute the report to a rollout");
    }
    if (snapshot.channel(product, parsed.channel()).isEmpty()) {
      throw unprocessable(
          "/channel", "unknown channel '" + parsed.channel() + "' of '" + product + "'");
    }
    switch (parsed.status()) {
      // Counted against the version left; the version running now may predate this server.
      case ROLLED_BACK, RECALLED ->
          requireKnown(snapshot, product, parsed.fromVersion(), "/fromVersion");
      // A refusal of a version this server never offered (a mirror's, a forgery) still counts:
      // under version "unknown", so the refusal alert sees it without unbounded labels.
      case REFUSED -> {}
      default -> requireKnown(snapshot, product, parsed.version(), "/version");
    }
    return new StatusReport(
        parsed.reportId(),
        parsed.clientId(),
        product,
        parsed.fromVersion(),
        parsed.version(),
        parsed.channel(),
        parsed.status(),
        parsed.phase(),
        parsed.timestamp(),
        parsed.details(),
        parsed.refusal(),
        parsed.rollbackReason());
  }

  private static void requireKnown(
      CheckSnapshot snapshot, String product, String version, String field) {
    if (!snapshot.knowsRelease(product, version)) {
      throw unprocessable(field, "unknown release " + version + " of '" + product + "'");
    }
  }

  private static ProblemException unprocessable(String field, String message) {
    return new ProblemException(
        ProblemType.UNPROCESSABLE,
        field + ": " + message,
        List.of(new Problem.FieldError(field, message)));
  }
}
