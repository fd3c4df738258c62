package org.openupdate.server.console;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import java.util.Optional;
import org.openupdate.server.console.overview.OverviewPages;

/**
 * The server's address: the overview for a signed-in operator, otherwise the sign-in page, which
 * also tells a person which server this is (version, fingerprints, links to the API).
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class RootResource {

  @Inject ConsoleUser user;
  @Inject SignInPages signIn;
  @Inject OverviewPages overview;
  @Context UriInfo uri;
  @Context HttpHeaders headers;

  @GET
  public Response root(@QueryParam("then") String then) throws SQLException {
    if (user.signedIn().isPresent()) {
      return Response.ok(overview.page()).build();
    }
    String csrf =
        Optional.ofNullable(headers.getCookies().get(Cookies.SIGN_IN))
            .map(Cookie::getValue)
            .filter(v -> !v.isBlank())
            .orElseGet(Secrets::random);
    return Response.ok(signIn.render(csrf, then, null))
        .cookie(Cookies.signInForm(csrf, uri))
        .build();
  }
}
