package org.openupdate.server.fleet;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.openupdate.server.fleet.FleetViews.ReleaseFailures;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;

/** Failure reasons of a release, beside the release's other admin resources (viewer role). */
@Path("/api/v1/admin/releases/{product}/{version}/failures")
@Produces(MediaType.APPLICATION_JSON)
public class ReleaseFailuresResource {

  @Inject ReleaseFailuresService failures;

  @GET
  @Operation(
      summary = "Failed and rolled-back reports of a release, grouped by normalised error",
      description =
          "Numbers, times and ids in the errors are replaced (<n>, <time>, <id>) so that equal"
              + " failures on different machines share a reason; counts per channel and rollout"
              + " stage and up to five client ids per reason.")
  public ReleaseFailures failures(
      @PathParam("product") String product, @PathParam("version") String version)
      throws SQLException {
    String name = FleetParams.name("product", product);
    return failures
        .failures(name, version)
        .orElseThrow(
            () ->
                new ProblemException(
                    ProblemType.NOT_FOUND, "no release " + version + " of product '" + name + "'"));
  }
}
