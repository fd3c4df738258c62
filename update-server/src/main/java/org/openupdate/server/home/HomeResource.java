package org.openupdate.server.home;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.openupdate.server.signing.ServerKeys;

/**
 * What a person who opens the server's address in a browser sees: which server this is, its
 * version, the fingerprints agents pin, and where the API and its documentation are. A 404 problem
 * there told a new user nothing.
 */
@Path("/")
public class HomeResource {

  @Inject ServerKeys keys;

  @ConfigProperty(name = "quarkus.application.version")
  String version;

  @GET
  @Produces(MediaType.TEXT_HTML)
  public String page() {
    return HomePage.render(version, keys.fingerprints(), LINKS);
  }

  /** A link on the page: where it goes and what a person finds there. */
  record Link(String href, String label, String what) {}

  private static final List<Link> LINKS =
      List.of(
          new Link("/q/swagger-ui", "API documentation", "every endpoint, tried from the browser"),
          new Link("/q/openapi", "OpenAPI document", "the API as YAML, for clients and tools"),
          new Link("/q/health", "Health", "liveness and readiness, with details"),
          new Link("/q/metrics", "Metrics", "Prometheus text format"),
          new Link("/api/v1/keys.asc", "Signing keys", "the public keys agents pin"));
}
