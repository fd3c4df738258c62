package org.openupdate.server.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.openupdate.server.problem.Problem;
import org.openupdate.server.problem.ProblemPages;

/**
 * Errors on console paths are pages, with the status the API would answer (401, 403, 404, 409 ...):
 * a person reads the detail and finds the way back, where an API client reads problem+json.
 */
@ApplicationScoped
class ConsoleProblemPages implements ProblemPages {

  @Inject Frames frames;

  @Override
  public Optional<Response> render(String path, Problem problem) {
    if (!ConsoleAuthFilter.isConsole(path)) {
      return Optional.empty();
    }
    String html =
        new ErrorPage(
                frames.frame(""),
                problem.status(),
                problem.title(),
                problem.detail(),
                problem.errors() == null ? java.util.List.of() : problem.errors())
            .render();
    return Optional.of(
        Response.status(problem.status())
            .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
            .entity(html)
            .build());
  }
}
