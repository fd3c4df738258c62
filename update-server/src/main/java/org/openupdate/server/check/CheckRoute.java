package org.openupdate.server.check;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.openupdate.server.problem.ProblemException;

/**
 * Fast path for the poll: a plain Vert.x route on the I/O thread, skipping the JAX-RS machinery
 * that would otherwise cost more than the decision itself. A refused poll is handed on unchanged to
 * {@link CheckResource}, which repeats the (cheap) validation and lets the one problem mapper
 * answer.
 */
@ApplicationScoped
public class CheckRoute {

  static final String PATH = "/api/v1/updates/check";

  @Inject CheckService checks;

  void install(@Observes Router router) {
    router.get(PATH).handler(this::handle);
  }

  private void handle(RoutingContext context) {
    HttpServerRequest request = context.request();
    Answer answer;
    try {
      answer =
          checks.answer(
              new CheckService.Headers(
                  request.getHeader("X-Current-Version"),
                  request.getHeader("X-Channel"),
                  request.getHeader("X-Client-Id"),
                  request.getHeader("X-License-Key"),
                  request.getHeader("X-Product"),
                  request.getHeader("X-Platform")));
    } catch (ProblemException refused) {
      context.next();
      return;
    }
    var response = context.response().putHeader("ETag", answer.etag());
    if (answer.matches(request.getHeader("If-None-Match"))) {
      response.setStatusCode(304).end();
    } else {
      response.putHeader("Content-Type", "application/json").end(Buffer.buffer(answer.json()));
    }
  }
}
