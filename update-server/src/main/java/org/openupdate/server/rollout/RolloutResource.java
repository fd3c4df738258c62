package org.openupdate.server.rollout;

import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;

/** Manual control of a release's rollout on one channel. Reads need viewer, changes publisher. */
@Path("/api/v1/admin/rollouts/{product}/{version}/{channel}")
@Produces(MediaType.APPLICATION_JSON)
public class RolloutResource {

  @Inject RolloutService rollouts;
  @Inject RolloutQueries queries;

  @PathParam("product")
  String product;

  @PathParam("version")
  String version;

  @PathParam("channel")
  String channel;

  @GET
  public RolloutStatus get() throws SQLException {
    return status(rollouts.find(product, version, channel));
  }

  @POST
  @Path("/pause")
  public RolloutStatus pause() throws SQLException {
    return status(rollouts.pause(product, version, channel));
  }

  @POST
  @Path("/resume")
  public RolloutStatus resume() throws SQLException {
    return status(rollouts.resume(product, version, channel));
  }

  @POST
  @Path("/advance")
  public RolloutStatus advance(@QueryParam("reason") @Size(max = 1000) String reason)
      throws SQLException {
    return status(
        rollouts.advance(product, version, channel, reasonOr(reason, "advanced by hand")));
  }

  @POST
  @Path("/halt")
  public RolloutStatus halt(@QueryParam("reason") @Size(max = 1000) String reason)
      throws SQLException {
    return status(rollouts.halt(product, version, channel, reasonOr(reason, "halted by hand")));
  }

  @POST
  @Path("/approve")
  public RolloutStatus approve() throws SQLException {
    return status(rollouts.approve(product, version, channel));
  }

  @PUT
  @Path("/plan")
  @Consumes(MediaType.APPLICATION_JSON)
  public RolloutStatus plan(@NotNull PlanBody plan) throws SQLException {
    return status(rollouts.replacePlan(product, version, channel, plan.toPlan()));
  }

  private RolloutStatus status(RolloutView view) throws SQLException {
    return queries.status(view);
  }

  private static String reasonOr(String reason, String fallback) {
    return reason == null || reason.isBlank() ? fallback : reason.strip();
  }
}
