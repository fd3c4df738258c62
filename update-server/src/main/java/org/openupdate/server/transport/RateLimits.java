package org.openupdate.server.transport;

import io.quarkus.scheduler.Scheduled;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;

/**
 * Rate limits of the check and the status report, per client id and per remote address ({@link
 * RateLimitConfig}); refusals are 429 with {@code Retry-After}, which agents honour. When disabled
 * (the default) each call costs one boolean check.
 */
@ApplicationScoped
public class RateLimits {

  @Inject RateLimitConfig config;
  @Inject Clock clock;

  private boolean enabled;
  private TokenBuckets perClient;
  private TokenBuckets perAddress;

  @PostConstruct
  void create() {
    enabled = config.enabled();
    if (enabled) {
      perClient =
          new TokenBuckets(
              config.perClient().requestsPerMinute(),
              config.perClient().burst(),
              config.maxTracked(),
              clock);
      perAddress =
          new TokenBuckets(
              config.perAddress().requestsPerMinute(),
              config.perAddress().burst(),
              config.maxTracked(),
              clock);
    }
  }

  /**
   * Takes a token from the bucket of the request's remote address.
   *
   * @throws ProblemException 429 with {@code Retry-After} when it is empty
   */
  public void admitAddress(HttpServerRequest request) {
    if (!enabled) {
      return;
    }
    String address =
        request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    refuseAfter(perAddress.take(address), "address " + address);
  }

  /**
   * Takes a token from the client's bucket; a request without a client id has none.
   *
   * @throws ProblemException 429 with {@code Retry-After} when it is empty
   */
  public void admitClient(String clientId) {
    if (enabled && clientId != null) {
      refuseAfter(perClient.take(clientId), "client '" + clientId + "'");
    }
  }

  private static void refuseAfter(long waitMillis, String who) {
    if (waitMillis > 0) {
      long seconds = Math.max(1, (waitMillis + 999) / 1000);
      throw new ProblemException(
              ProblemType.TOO_MANY_REQUESTS,
              "too many requests from " + who + "; retry after " + seconds + " s")
          .withHeader("Retry-After", Long.toString(seconds));
    }
  }

  /** Memory stays bounded by the clients active lately, not by all ever seen. */
  @Scheduled(every = "1m", delayed = "1m")
  void forgetIdle() {
    if (enabled) {
      perClient.forgetIdle(clock.millis());
      perAddress.forgetIdle(clock.millis());
    }
  }
}
