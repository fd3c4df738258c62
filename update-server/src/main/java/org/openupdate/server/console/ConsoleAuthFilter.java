package org.openupdate.server.console;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;
import org.openupdate.server.admin.CurrentActor;
import org.openupdate.server.admin.RequiredRole;
import org.openupdate.server.admin.Role;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;

/**
 * Sessions, CSRF and roles for the console ({@code /} and {@code /console/...}). Pages need a
 * session (a person without one is sent to sign in); every state-changing request needs the
 * session's CSRF token, as the form field {@value #CSRF_FIELD} or the header {@value #CSRF_HEADER}
 * (htmx); and the same role as the API's endpoint would ({@link RequiredRole}), whatever controls
 * the page showed.
 */
public class ConsoleAuthFilter {

  static final String CSRF_FIELD = "csrf";
  static final String CSRF_HEADER = "X-CSRF-Token";
  static final String SIGN_IN_PATH = "/console/sign-in";

  @Inject ConsoleSessions sessions;
  @Inject ConsoleUser user;
  @Inject CurrentActor actor;

  @ServerRequestFilter
  @WithFormRead
  public Optional<Response> authenticate(
      ResteasyReactiveContainerRequestContext request, ResourceInfo resource) {
    String path = request.getUriInfo().getPath();
    if (!isConsole(path)) {
      return Optional.empty();
    }
    cookie(request, Cookies.FLASH).map(Cookies::flashMessage).ifPresent(user::flash);
    Optional<String> sessionId = cookie(request, Cookies.SESSION);
    Optional<ConsoleSessions.SignedIn> signedIn = sessionId.flatMap(sessions::find);
    signedIn.ifPresent(
        s -> {
          user.signedIn(sessionId.get(), s);
          actor.authenticate(s.tokenName(), s.role());
        });
    boolean safe = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
    if (path.equals("/") || path.equals(SIGN_IN_PATH)) {
      if (!safe) {
        // Before a session exists the form's token must match the cookie set with the form: a
        // page on another site can send neither (login CSRF).
        requireToken(request, cookie(request, Cookies.SIGN_IN).orElse(null));
      }
      return Optional.empty();
    }
    if (signedIn.isEmpty()) {
      if (safe) {
        String then = request.getUriInfo().getRequestUri().getRawPath();
        String query = request.getUriInfo().getRequestUri().getRawQuery();
        if (query != null) {
          then += "?" + query;
        }
        return Optional.of(
            Response.seeOther(
                    URI.create("/?then=" + URLEncoder.encode(then, StandardCharsets.UTF_8)))
                .build());
      }
      throw new ProblemException(
          ProblemType.UNAUTHORIZED, "you are not signed in (or your session ended); sign in again");
    }
    ConsoleSessions.SignedIn who = signedIn.get();
    if (!safe) {
      requireToken(request, who.csrfToken());
    }
    Role required = RequiredRole.of(resource, request.getMethod());
    if (!who.role().includes(required)) {
      throw new ProblemException(
          ProblemType.FORBIDDEN,
          "token '"
              + who.tokenName()
              + "' has role "
              + who.role().wireName()
              + "; this needs "
              + required.wireName());
    }
    return Optional.empty();
  }

  /** A flash message is shown once: the page that showed it tells the browser to drop it. */
  @ServerResponseFilter
  public void dropShownFlash(ContainerRequestContext request, ContainerResponseContext response) {
    if (isConsole(request.getUriInfo().getPath())
        && request.getCookies().containsKey(Cookies.FLASH)
        && response.getStatus() < 300) {
      response
          .getHeaders()
          .add(HttpHeaders.SET_COOKIE, Cookies.expired(Cookies.FLASH, request.getUriInfo()));
    }
  }

  static boolean isConsole(String path) {
    return path.equals("/") || path.equals("/console") || path.startsWith("/console/");
  }

  private static void requireToken(
      ResteasyReactiveContainerRequestContext request, String expected) {
    String given = request.getHeaderString(CSRF_HEADER);
    if (given == null) {
      Object field =
          ((ResteasyReactiveRequestContext) request.getServerRequestContext())
              .getFormParameter(CSRF_FIELD, true, false);
      given = field instanceof String text ? text : null;
    }
    if (expected == null || !Secrets.same(expected, given)) {
      throw new ProblemException(
          ProblemType.FORBIDDEN,
          "the request carried no valid CSRF token; reload the page and send the form again");
    }
  }

  private static Optional<String> cookie(ContainerRequestContext request, String name) {
    return Optional.ofNullable(request.getCookies().get(name))
        .map(Cookie::getValue)
        .filter(v -> !v.isBlank());
  }
}
