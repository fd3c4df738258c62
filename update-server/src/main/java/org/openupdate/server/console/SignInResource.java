package org.openupdate.server.console;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import org.jboss.resteasy.reactive.RestForm;
import org.openupdate.server.admin.RequiresRole;
import org.openupdate.server.admin.Role;
import org.openupdate.server.problem.ProblemException;

/** Sign-in with an API token, exchanged for a session cookie; sign-out. */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class SignInResource {

  @Inject ConsoleSessions sessions;
  @Inject ConsoleUser user;
  @Inject ConsoleConfig config;
  @Inject SignInPages pages;
  @Context UriInfo uri;

  /** The console's root is the server's: the overview, or sign-in. */
  @GET
  public Response console() {
    return Response.seeOther(URI.create("/")).build();
  }

  @POST
  @Path("/sign-in")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response signIn(
      @RestForm String token,
      @RestForm String then,
      @RestForm(ConsoleAuthFilter.CSRF_FIELD) String csrf) {
    String failure;
    try {
      var started = sessions.signIn(token);
      if (started.isPresent()) {
        return Response.seeOther(URI.create(SignInPages.localPath(then)))
            .cookie(Cookies.session(started.get().id(), config.sessionTimeout(), uri))
            .cookie(Cookies.expired(Cookies.SIGN_IN, uri))
            .build();
      }
      failure = "That token is unknown or revoked.";
    } catch (ProblemException e) {
      failure = e.getMessage();
    }
    return Response.status(Response.Status.UNAUTHORIZED)
        .entity(pages.render(csrf, then, failure))
        .build();
  }

  @POST
  @Path("/sign-out")
  @RequiresRole(Role.VIEWER)
  public Response signOut() {
    user.sessionId().ifPresent(sessions::signOut);
    return Response.seeOther(URI.create("/"))
        .cookie(Cookies.expired(Cookies.SESSION, uri))
        .cookie(Cookies.flash("Signed out.", uri))
        .build();
  }
}
