package org.openupdate.server.console;

import io.quarkus.qute.TemplateInstance;
import java.util.List;

/**
 * What a person who opens the server's address sees before signing in: which server this is, its
 * version, the fingerprints agents pin, where the API and its documentation are, and the sign-in
 * form.
 *
 * @param then the console page to go to after signing in
 * @param error why the last sign-in failed, or null
 */
public record SignInPage(
    Frame frame, String then, String error, List<String> fingerprints, List<Link> links)
    implements TemplateInstance {

  /** A link on the page: where it goes and what a person finds there. */
  public record Link(String href, String label, String what) {}

  static final List<Link> LINKS =
      List.of(
          new Link("/q/swagger-ui", "API documentation", "every endpoint, tried from the browser"),
          new Link("/q/openapi", "OpenAPI document", "the API as YAML, for clients and tools"),
          new Link("/q/health", "Health", "liveness and readiness, with details"),
          new Link("/q/metrics", "Metrics", "Prometheus text format"),
          new Link("/api/v1/keys.asc", "Signing keys", "the public keys agents pin"));
}
