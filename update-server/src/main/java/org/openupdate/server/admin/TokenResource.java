package org.openupdate.server.admin;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.openupdate.server.problem.ProblemException;

/** API tokens: admins only. The secret of a token is in the creation answer and nowhere else. */
@Path("/api/v1/admin/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiresRole(Role.ADMIN)
public class TokenResource {

  /** {@code expiresAt} is optional: without it the token lasts until it is revoked. */
  public record NewToken(String name, String role, Instant expiresAt) {}

  @Inject TokenService tokens;

  @GET
  public List<TokenService.TokenView> list() {
    return tokens.list();
  }

  @POST
  public Response create(NewToken request) {
    if (request == null) {
      throw ProblemException.invalidField("body", "a JSON object with name and role is required");
    }
    return Response.status(Response.Status.CREATED)
        .entity(tokens.create(request.name(), request.role(), request.expiresAt()))
        .build();
  }

  @DELETE
  @Path("/{name}")
  public TokenService.TokenView revoke(@PathParam("name") String name) {
    return tokens.revoke(name);
  }
}
