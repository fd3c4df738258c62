package org.openupdate.server.problem;

import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * Pages for people: where a path belongs to a web page rather than to the API, the problem is
 * answered as HTML with the same status, type and detail instead of problem+json.
 */
public interface ProblemPages {

  /** The HTML answer for {@code path}, or empty where the API's problem+json is right. */
  Optional<Response> render(String path, Problem problem);
}
