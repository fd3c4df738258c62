package org.openupdate.client.internal;

import java.time.Duration;
import java.util.function.DoubleSupplier;
import org.openupdate.client.UpdateClient.Outcome;
import org.openupdate.client.UpdateClient.Result;
import org.openupdate.client.internal.net.Backoff;

/**
 * How long the daemon waits after a cycle. Normally the check interval, +/- the jitter. While the
 * server is unreachable: backoff from 30 s up to the check interval, so the agent is back soon
 * after the server. While the server refuses the configuration: backoff from 1 h up to 24 h (or the
 * check interval when longer), because that waits for a person to fix the configuration or the
 * server, and a fleet of misconfigured agents should not poll it every few minutes meanwhile.
 */
final class Pacing {
  static final Duration UNREACHABLE_FIRST = Duration.ofSeconds(30);
  static final Duration MISCONFIGURED_FIRST = Duration.ofHours(1);
  static final Duration MISCONFIGURED_LONGEST = Duration.ofHours(24);

  private final Duration interval;
  private final double jitter;
  private final DoubleSupplier random;
  private final Backoff unreachable;
  private final Backoff misconfigured;
  private Outcome last;
  private int repeats;

  /**
   * @param random uniform values in [0, 1); injected so tests are deterministic
   */
  Pacing(Duration interval, double jitter, DoubleSupplier random) {
    this.interval = interval;
    this.jitter = jitter;
    this.random = random;
    this.unreachable = new Backoff(UNREACHABLE_FIRST, interval, random);
    this.misconfigured =
        new Backoff(
            MISCONFIGURED_FIRST,
            interval.compareTo(MISCONFIGURED_LONGEST) > 0 ? interval : MISCONFIGURED_LONGEST,
            random);
  }

  /** The wait after a cycle that ended with {@code result}. */
  Duration after(Result result) {
    repeats = result.outcome() == last ? repeats + 1 : 0;
    last = result.outcome();
    Duration retryAfter = result.retryAfter().orElse(Duration.ZERO);
    return switch (result.outcome()) {
      case UNREACHABLE -> unreachable.delay(repeats, retryAfter);
      case MISCONFIGURED -> misconfigured.delay(repeats, retryAfter);
      default -> {
        double spread = jitter * (random.getAsDouble() * 2 - 1);
        yield Duration.ofMillis((long) (interval.toMillis() * (1 + spread)));
      }
    };
  }
}
