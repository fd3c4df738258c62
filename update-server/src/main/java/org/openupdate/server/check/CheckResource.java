package org.openupdate.server.check;

import io.smallrye.common.annotation.NonBlocking;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.openupdate.server.problem.ProblemException;

/**
 * The poll every client makes, as documented in OpenAPI. Successful polls are normally answered by
 * {@link CheckRoute} before they get here; this resource answers the rest, so that refusals go
 * through the one problem+json mapper.
 */
@Path("/api/v1/updates/check")
public class CheckResource {

  @Inject CheckService checks;

  @GET
  @NonBlocking
  public Response check(
      @HeaderParam("X-Current-Version") String currentVersion,
      @HeaderParam("X-Channel") String channel,
      @HeaderParam("X-Client-Id") String clientId,
      @HeaderParam("X-License-Key") String licenseKey,
      @HeaderParam("X-Product") String product,
      @HeaderParam("X-Platform") String platform,
      @HeaderParam("X-Agent-Version") String agentVersion,
      @HeaderParam("X-Dismissed-Versions") String dismissedVersions,
      @HeaderParam("X-Scheduled-Install") String scheduledInstall,
      @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
      @Context RoutingContext routing) {
    ProblemException refused = routing.get(CheckRoute.REFUSAL);
    if (refused != null) {
      throw refused;
    }
    Answer answer =
        checks.answer(
            new CheckService.Headers(
                currentVersion,
                channel,
                clientId,
                licenseKey,
                product,
                platform,
                agentVersion,
                dismissedVersions,
                scheduledInstall),
            routing.request());
    if (answer.matches(ifNoneMatch)) {
      return Response.notModified().header(HttpHeaders.ETAG, answer.etag()).build();
    }
    return Response.ok(answer.json(), MediaType.APPLICATION_JSON)
        .header(HttpHeaders.ETAG, answer.etag())
        .build();
  }
}
