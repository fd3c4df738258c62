package org.openupdate.server.license;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.openupdate.server.admin.RequiresRole;
import org.openupdate.server.admin.Role;

/** A product's release policy: reading needs viewer, changing it admin. */
@Path("/api/v1/admin/policies/{product}")
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource {

  @Inject PolicyService policies;

  @GET
  public PolicyRequest get(@PathParam("product") String product) {
    return policies.get(product);
  }

  @PUT
  @RequiresRole(Role.ADMIN)
  @Consumes(MediaType.APPLICATION_JSON)
  public PolicyRequest put(
      @PathParam("product") String product, @Valid @NotNull PolicyRequest request) {
    return policies.put(product, request);
  }
}
