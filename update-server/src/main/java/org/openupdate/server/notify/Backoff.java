package org.openupdate.server.notify;

import java.time.Duration;

/**
 * Exponential backoff: {@code initial}, then doubled after each failure, never above {@code max}.
 */
final class Backoff {

  private Backoff() {}

  /** The wait after failed attempt number {@code attempt} (1 for the first). */
  static Duration after(int attempt, Duration initial, Duration max) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempts count from 1, was " + attempt);
    }
    int doublings = Math.min(attempt - 1, 30);
    Duration wait = initial.multipliedBy(1L << doublings);
    return wait.compareTo(max) > 0 ? max : wait;
  }
}
