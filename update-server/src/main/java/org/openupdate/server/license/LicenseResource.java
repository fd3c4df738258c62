package org.openupdate.server.license;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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

/** License administration: entitlements are an admin's business, reading included. */
@Path("/api/v1/admin/licenses")
@RequiresRole(Role.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class LicenseResource {

  @Inject LicenseService licenses;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(@Valid @NotNull LicenseRequest request) {
    return Response.status(Response.Status.CREATED).entity(licenses.create(request)).build();
  }

  @GET
  public List<LicenseSummary> list() {
    return licenses.list();
  }

  @POST
  @Path("/{id}/revoke")
  public LicenseSummary revoke(@PathParam("id") long id) {
    return licenses
        .revoke(id)
        .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "no license " + id));
  }
}
