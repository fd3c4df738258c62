package org.openupdate.server.problem;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Answers with problem+json what Vert.x refuses before a resource runs (a request without {@code
 * Host}, a path that does not decode) and what fails past JAX-RS' exception mappers. Registered
 * before every other failure handler; pages for people under {@code /console} keep their own HTML
 * errors.
 */
@ApplicationScoped
public class RouterFailures {

  private static final Logger LOG = Logger.getLogger(RouterFailures.class);
  static final String CONSOLE = "/console";

  void install(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE).failureHandler(this::answer);
  }

  private void answer(RoutingContext context) {
    String path = context.request().path();
    if (context.response().headWritten()) {
      context.next();
      return;
    }
    if (path != null && path.startsWith(CONSOLE)) {
      int code = context.statusCode();
      if (code >= 400 && code < 500) {
        // A caller's mistake on a page for people (e.g. no Host): a short page, nothing logged.
        context
            .response()
            .setStatusCode(code)
            .putHeader("Content-Type", "text/html;charset=UTF-8")
            .end(
                "<!DOCTYPE html>\n<html lang=\"en\"><title>"
                    + code
                    + "</title><p>"
                    + code
                    + ": "
                    + ProblemType.forStatus(code).title()
                    + "</p></html>\n");
        return;
      }
      context.next();
      return;
    }
    // A failure without a status is an exception: ours, not the caller's.
    int status = context.statusCode() < 400 ? 500 : context.statusCode();
    ProblemType type = ProblemType.forStatus(status);
    Throwable failure = context.failure();
    if (status >= 500) {
      // The log has the details, the caller a stable answer.
      LOG.error("request failed past the problem mapper: " + path, failure);
      Problems.write(context.response(), type, "internal error; see the server log", path);
      return;
    }
    String detail =
        failure == null || failure.getMessage() == null ? type.title() : failure.getMessage();
    Problems.write(context.response(), type, detail, path);
  }
}
