package org.openupdate.client.internal.net;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of {@code base *
 * 2^n}, capped at {@code max}, so a fleet that failed together does not retry together.
 */
public final class Backoff {
  private final Duration base;
  private final Duration max;
  private final DoubleSupplier random;

  /**
   * @param random uniform values in [0, 1); injected so tests are deterministic
   */
  public Backoff(Duration base, Duration max, DoubleSupplier random) {
    if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException(
          "backoff needs 0 < base <= max, was base " + base + ", max " + max);
    }
    this.base = base;
    this.max = max;
    this.random = random;
  }

  /** The wait before retry number {@code attempt} (0 for the first retry). */
  public Duration delay(int attempt) {
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must be >= 0, was " + attempt);
    }
    long ceiling = max.toMillis();
    long exponential = base.toMillis();
    for (int i = 0; i < attempt && exponential < ceiling; i++) {
      exponential *= 2;
    }
    long capped = Math.min(exponential, ceiling);
    long half = capped / 2;
    return Duration.ofMillis(half + (long) (random.getAsDouble() * (capped - half)));
  }

  /** The wait honouring a server's {@code Retry-After} when it asks for longer than we would. */
  public Duration delay(int attempt, Duration retryAfter) {
    Duration ours = delay(attempt);
    return retryAfter.compareTo(ours) > 0 ? min(retryAfter, max) : ours;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
