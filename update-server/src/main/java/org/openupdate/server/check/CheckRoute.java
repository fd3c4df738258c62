package org.openupdate.server.check;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.openupdate.server.problem.ProblemException;

/**
 * Fast path for the poll: a plain Vert.x route on the I/O thread, skipping the JAX-RS machinery
 * that would otherwise cost more than the decision itself. A refused poll is handed on to {@link
 * CheckResource} with its refusal, which lets the one problem mapper answer it; the poll is not
 * judged twice (a rate limit would count it twice).
 */
@ApplicationScoped
public class CheckRoute {

  static final String PATH = "/api/v1/updates/check";

  /** Where the route leaves its refusal for {@link CheckResource}. */
  static final String REFUSAL = "openupdate.check.refusal";

  // Header names and the fixed value pre-encoded once, not on every poll.
  private static final CharSequence CURRENT_VERSION =
      HttpHeaders.createOptimized("X-Current-Version");
  private static final CharSequence CHANNEL = HttpHeaders.createOptimized("X-Channel");
  private static final CharSequence CLIENT_ID = HttpHeaders.createOptimized("X-Client-Id");
  private static final CharSequence LICENSE_KEY = HttpHeaders.createOptimized("X-License-Key");
  private static final CharSequence PRODUCT = HttpHeaders.createOptimized("X-Product");
  private static final CharSequence PLATFORM = HttpHeaders.createOptimized("X-Platform");
  private static final CharSequence AGENT_VERSION = HttpHeaders.createOptimized("X-Agent-Version");
  private static final CharSequence DISMISSED = HttpHeaders.createOptimized("X-Dismissed-Versions");
  private static final CharSequence SCHEDULED = HttpHeaders.createOptimized("X-Scheduled-Install");
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

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
                  request.getHeader(CURRENT_VERSION),
                  request.getHeader(CHANNEL),
                  request.getHeader(CLIENT_ID),
                  request.getHeader(LICENSE_KEY),
                  request.getHeader(PRODUCT),
                  request.getHeader(PLATFORM),
                  request.getHeader(AGENT_VERSION),
                  request.getHeader(DISMISSED),
                  request.getHeader(SCHEDULED)),
              request);
    } catch (ProblemException refused) {
      context.put(REFUSAL, refused);
      context.next();
      return;
    }
    var response = context.response().putHeader(HttpHeaders.ETAG, answer.etag());
    if (answer.matches(request.getHeader(HttpHeaders.IF_NONE_MATCH))) {
      response.setStatusCode(304).end();
    } else {
      response.putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(answer.body());
    }
  }
}
