package org.openupdate.server.console.admin;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.openupdate.server.admin.RequiresRole;
import org.openupdate.server.admin.Role;
import org.openupdate.server.admin.TokenService;
import org.openupdate.server.console.FormErrors;
import org.openupdate.server.console.FormValues;
import org.openupdate.server.console.Frames;
import org.openupdate.server.console.Redirects;
import org.openupdate.server.console.release.ConfirmPage;
import org.openupdate.server.problem.ProblemException;

/**
 * Tokens, for admins only as in the API: create with a role and expiry (secret shown once), revoke.
 */
@Path("/console/tokens")
@Produces(MediaType.TEXT_HTML)
@RequiresRole(Role.ADMIN)
public class TokenPages {

  private static final List<String> ROLES =
      Arrays.stream(Role.values()).map(Role::wireName).toList();

  @Inject Frames frames;
  @Inject TokenService tokens;
  @Context UriInfo uri;

  @GET
  public String list() {
    return page(null, FormErrors.NONE);
  }

  /**
   * Answers with the page itself rather than a redirect: the secret is shown in this answer and is
   * kept nowhere else, not even in a cookie for the next page.
   */
  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response create(@RestForm String name, @RestForm String role, @RestForm String expires) {
    try {
      TokenService.CreatedToken created =
          tokens.create(
              FormValues.blankToNull(name), role, FormValues.endOfDay("expires", expires));
      return Response.status(Response.Status.CREATED)
          .entity(page(created, FormErrors.NONE))
          .build();
    } catch (ProblemException e) {
      return Response.status(e.type().status()).entity(page(null, FormErrors.of(e))).build();
    }
  }

  @GET
  @Path("/{name}/revoke")
  public String confirmRevoke(@PathParam("name") String name) {
    return new ConfirmPage(
            frames.frame("tokens"),
            "Revoke token",
            "Revoke the token '"
                + name
                + "'? Every request with it is refused from now on, and its console sessions end.",
            "/console/tokens/" + name + "/revoke",
            "Revoke token",
            true,
            false,
            "/console/tokens",
            FormErrors.NONE)
        .render();
  }

  @POST
  @Path("/{name}/revoke")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response revoke(@PathParam("name") String name) {
    tokens.revoke(name);
    return Redirects.to("/console/tokens", "Revoked the token '" + name + "'.", uri);
  }

  private String page(TokenService.CreatedToken created, FormErrors errors) {
    return new TokensPage(frames.frame("tokens"), tokens.list(), ROLES, created, errors).render();
  }
}
