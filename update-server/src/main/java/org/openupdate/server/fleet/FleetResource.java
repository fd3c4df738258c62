package org.openupdate.server.fleet;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.openupdate.server.fleet.FleetViews.FleetMachine;
import org.openupdate.server.fleet.FleetViews.FleetPage;
import org.openupdate.server.fleet.FleetViews.FleetSummary;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;

/**
 * The fleet read API (viewer role, as every admin GET). Query parameters are taken as text and
 * parsed by {@link FleetFilter}, so that a bad one is a 400 naming it, not a framework 404.
 */
@Path("/api/v1/admin/fleet")
@Produces(MediaType.APPLICATION_JSON)
public class FleetResource {

  private static final int DEFAULT_REPORTS = 100;
  private static final int MAX_REPORTS = 1000;

  @Inject FleetService fleet;

  @GET
  @Operation(
      summary = "Clients with their versions, drift and last report, one page at a time",
      description =
          "Ordered by client id, then product. Pass nextCursor as cursor for the next page; it is"
              + " null on the last page.")
  public FleetPage page(
      @QueryParam("product") String product,
      @QueryParam("channel") String channel,
      @Parameter(description = "running version, exactly as the client sends it")
          @QueryParam("version")
          String version,
      @Parameter(description = "drift: current, behind, on-pulled or stale") @QueryParam("state")
          String state,
      @QueryParam("platform") String platform,
      @Parameter(description = "client id prefix (case-sensitive)") @QueryParam("q") String q,
      @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor")
          String cursor,
      @Parameter(description = "clients per page, 1..500 (default 50)") @QueryParam("limit")
          String limit)
      throws SQLException {
    return fleet.page(
        FleetFilter.parse(product, channel, version, state, platform, q, cursor, limit));
  }

  @GET
  @Path("summary")
  @Operation(summary = "Clients per product and channel: per version and per drift state")
  public FleetSummary summary(@QueryParam("product") String product) throws SQLException {
    return fleet.summary(FleetParams.name("product", product));
  }

  @GET
  @Path("{clientId}")
  @Operation(summary = "One machine: its state per product and its status reports, newest first")
  public FleetMachine machine(
      @PathParam("clientId") String clientId,
      @QueryParam("product") String product,
      @Parameter(description = "reports to show, 1..1000 (default 100)") @QueryParam("limit")
          String limit)
      throws SQLException {
    String id = FleetParams.clientId("clientId", clientId);
    if (id == null) {
      throw ProblemException.invalidField("clientId", "required: a client id, was blank");
    }
    return fleet
        .machine(
            id,
            FleetParams.name("product", product),
            FleetParams.limit("limit", limit, DEFAULT_REPORTS, MAX_REPORTS))
        .orElseThrow(
            () ->
                new ProblemException(
                    ProblemType.NOT_FOUND,
                    "no client '" + id + "': never seen by the check and no report from it"));
  }
}
