package org.openupdate.server.rollout;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.openupdate.server.admin.RequiresRole;
import org.openupdate.server.admin.Role;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;

@Path("/api/v1/admin/webhooks")
@RequiresRole(Role.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {

  @Inject Webhooks webhooks;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response register(@Valid @NotNull Webhooks.Registration registration) {
    return Response.status(Response.Status.CREATED).entity(webhooks.register(registration)).build();
  }

  @GET
  public List<Webhooks.Receiver> list() {
    return webhooks.list();
  }

  @DELETE
  @Path("/{id}")
  public Webhooks.Receiver delete(@PathParam("id") long id) {
    return webhooks
        .delete(id)
        .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "no webhook " + id));
  }
}
