package org.openupdate.client.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final Duration BASE = Duration.ofSeconds(30);
  private static final Duration MAX = Duration.ofMinutes(60);

  @Test
  void shouldDoubleTheCeilingWithEachAttempt() {
    Backoff top = new Backoff(BASE, MAX, () -> 0.999999);
    assertThat(top.delay(0)).isBetween(Duration.ofMillis(29_999), BASE);
    assertThat(top.delay(1)).isBetween(Duration.ofMillis(59_999), Duration.ofSeconds(60));
    assertThat(top.delay(3)).isBetween(Duration.ofMillis(239_999), Duration.ofSeconds(240));
  }

  @Test
  void shouldWaitAtLeastHalfTheCeiling() {
    Backoff bottom = new Backoff(BASE, MAX, () -> 0.0);
    assertThat(bottom.delay(0)).isEqualTo(Duration.ofSeconds(15));
    assertThat(bottom.delay(2)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void shouldSpreadRetriesWithJitter() {
    assertThat(new Backoff(BASE, MAX, () -> 0.25).delay(2))
        .isNotEqualTo(new Backoff(BASE, MAX, () -> 0.75).delay(2));
  }

  @Test
  void shouldNeverExceedTheMaximumEvenAfterManyAttempts() {
    Backoff top = new Backoff(BASE, MAX, () -> 0.999999);
    assertThat(top.delay(1000)).isLessThanOrEqualTo(MAX).isGreaterThan(MAX.dividedBy(2));
  }

  @Test
  void shouldHonourALongerRetryAfterButCapIt() {
    Backoff backoff = new Backoff(BASE, MAX, () -> 0.0);
    assertThat(backoff.delay(0, Duration.ofSeconds(120))).isEqualTo(Duration.ofSeconds(120));
    assertThat(backoff.delay(0, Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(15));
    assertThat(backoff.delay(0, Duration.ofHours(5))).isEqualTo(MAX);
  }

  @Test
  void shouldRejectNonsenseSettings() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, MAX, () -> 0.5))
        .hasMessageContaining("base PT0S");
    assertThatThrownBy(() -> new Backoff(BASE, MAX, () -> 0.5).delay(-1))
        .hasMessageContaining("was -1");
  }

  @Test
  void shouldParseRetryAfterSecondsAndHttpDates() {
    Instant now = Instant.parse("2026-11-20T10:00:00Z");
    assertThat(RetryAfter.parse("120", now)).contains(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse("Fri, 20 Nov 2026 10:05:00 GMT", now))
        .contains(Duration.ofMinutes(5));
    assertThat(RetryAfter.parse("Fri, 20 Nov 2026 09:00:00 GMT", now)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse("soon", now)).isEmpty();
    assertThat(RetryAfter.parse(null, now)).isEmpty();
  }
}
