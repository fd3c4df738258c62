package org.openupdate.server.admin;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;

/**
 * Bearer-token access to {@code /api/v1/admin/*}: 401 for a missing, unknown, revoked or expired
 * token, 403 when the token's role is below what the endpoint needs (see {@link RequiresRole}).
 */
public class AdminAuthFilter {

  static final String ADMIN_PATH = "/api/v1/admin";
  private static final String BEARER = "Bearer ";

  @Inject TokenService tokens;
  @Inject CurrentActor actor;

  @ServerRequestFilter
  public void authenticate(ContainerRequestContext request, ResourceInfo resource) {
    String path = request.getUriInfo().getRequestUri().getPath();
    if (!path.equals(ADMIN_PATH) && !path.startsWith(ADMIN_PATH + "/")) {
      return;
    }
    String header = request.getHeaderString("Authorization");
    if (header == null || header.isBlank()) {
      throw new ProblemException(
          ProblemType.UNAUTHORIZED,
          "Authorization header missing: send 'Authorization: Bearer <token>'");
    }
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw new ProblemException(
          ProblemType.UNAUTHORIZED, "Authorization header must use the Bearer scheme");
    }
    TokenService.Authenticated token =
        tokens
            .authenticate(header.substring(BEARER.length()).trim())
            .orElseThrow(
                () ->
                    new ProblemException(
                        ProblemType.UNAUTHORIZED, "the bearer token is unknown or revoked"));
    Role required = RequiredRole.of(resource, request.getMethod());
    if (!token.role().includes(required)) {
      throw new ProblemException(
          ProblemType.FORBIDDEN,
          "token '"
              + token.name()
              + "' has role "
              + token.role().wireName()
              + "; this operation needs "
              + required.wireName());
    }
    actor.authenticate(token.name(), token.role());
  }
}
