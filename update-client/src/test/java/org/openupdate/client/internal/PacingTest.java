package org.openupdate.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openupdate.client.UpdateClient.Outcome;
import org.openupdate.client.UpdateClient.Result;

class PacingTest {
  private static final Duration SIX_HOURS = Duration.ofHours(6);

  /** With "random" 0 every backoff wait is its lower bound: half of base * 2^n, capped. */
  private static Pacing pacing(Duration interval) {
    return new Pacing(interval, 0.1, () -> 0.0);
  }

  private static Result result(Outcome outcome) {
    return new Result(outcome, "", "", null);
  }

  private static List<Duration> waits(Pacing pacing, Outcome outcome, int cycles) {
    List<Duration> waits = new ArrayList<>();
    for (int i = 0; i < cycles; i++) {
      waits.add(pacing.after(result(outcome)));
    }
    return waits;
  }

  @Test
  void shouldBackOffFromOneHourToADayWhileTheServerRefusesTheConfiguration() {
    assertThat(waits(pacing(SIX_HOURS), Outcome.MISCONFIGURED, 7))
        .containsExactly(
            Duration.ofMinutes(30),
            Duration.ofHours(1),
            Duration.ofHours(2),
            Duration.ofHours(4),
            Duration.ofHours(8),
            Duration.ofHours(12),
            Duration.ofHours(12));
  }

  @Test
  void shouldKeepTheShortBackoffWhileTheServerIsUnreachable() {
    assertThat(waits(pacing(SIX_HOURS), Outcome.UNREACHABLE, 3))
        .containsExactly(Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(60));
  }

  @Test
  void shouldNotCheckMoreOftenWhenMisconfiguredThanTheIntervalAllowsAtTheCap() {
    Duration twoDays = Duration.ofHours(48);

    List<Duration> waits = waits(pacing(twoDays), Outcome.MISCONFIGURED, 10);

    assertThat(waits.get(9)).isEqualTo(Duration.ofHours(24)); // half of the 48 h cap
  }

  @Test
  void shouldStartTheBackoffOverOnceTheConfigurationIsAccepted() {
    Pacing pacing = pacing(SIX_HOURS);
    waits(pacing, Outcome.MISCONFIGURED, 4);

    Duration afterSuccess = pacing.after(result(Outcome.UP_TO_DATE));
    Duration misconfiguredAgain = pacing.after(result(Outcome.MISCONFIGURED));

    assertThat(afterSuccess).isEqualTo(Duration.ofMinutes(324)); // 6 h - 10 % jitter at random 0
    assertThat(misconfiguredAgain).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void shouldHonourALongerRetryAfterWhenMisconfigured() {
    Result withRetryAfter =
        new Result(Outcome.MISCONFIGURED, "", "", Optional.of(Duration.ofHours(3)));

    assertThat(pacing(SIX_HOURS).after(withRetryAfter)).isEqualTo(Duration.ofHours(3));
  }
}
