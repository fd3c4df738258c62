package org.openupdate.server.support;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The server's clock in tests that move time: the system clock plus an offset that only grows, so a
 * test can let a token expire without sleeping. Enabled by {@link MovableTime} only; every other
 * test keeps the real clock.
 */
@Alternative
@Singleton
public class MovableClock extends Clock {

  private volatile Duration offset = Duration.ZERO;

  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("time only moves forward, was asked to move " + by);
    }
    offset = offset.plus(by);
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return Clock.offset(Clock.system(zone), offset);
  }
}
