package org.openupdate.server.transport;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per key: {@code burst} tokens at most, refilled at {@code perMinute} a minute; a
 * request takes one or is told how long until one is there.
 */
final class TokenBuckets {

  private final double capacity;
  private final double tokensPerMilli;
  private final int maxKeys;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  TokenBuckets(int perMinute, int burst, int maxKeys, Clock clock) {
    if (perMinute < 1 || burst < 1) {
      throw new IllegalArgumentException(
          "a rate limit needs at least 1 request a minute and a burst of 1, was "
              + perMinute
              + " a minute and a burst of "
              + burst);
    }
    this.capacity = burst;
    this.tokensPerMilli = perMinute / 60_000.0;
    this.maxKeys = maxKeys;
    this.clock = clock;
  }

  /** 0 when a token was taken, else the milliseconds until the next one. */
  long take(String key) {
    long now = clock.millis();
    if (buckets.size() >= maxKeys && !buckets.containsKey(key)) {
      forgetIdle(now);
    }
    return buckets.computeIfAbsent(key, k -> new Bucket(capacity, now)).take(now);
  }

  /** Drops the buckets that have refilled: for them, being forgotten changes nothing. */
  void forgetIdle(long now) {
    buckets.values().removeIf(bucket -> bucket.full(now));
  }

  int tracked() {
    return buckets.size();
  }

  private final class Bucket {
    private double tokens;
    private long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }

    synchronized long take(long now) {
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) / tokensPerMilli);
    }

    synchronized boolean full(long now) {
      refill(now);
      return tokens >= capacity;
    }

    private void refill(long now) {
      if (now > at) {
        tokens = Math.min(capacity, tokens + (now - at) * tokensPerMilli);
        at = now;
      }
    }
  }
}
