package org.openupdate.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Duration INITIAL = Duration.ofSeconds(30);
  private static final Duration MAX = Duration.ofHours(1);

  @Test
  void shouldDoubleTheWaitAfterEachFailure() {
    assertThat(Backoff.after(1, INITIAL, MAX)).isEqualTo(Duration.ofSeconds(30));
    assertThat(Backoff.after(2, INITIAL, MAX)).isEqualTo(Duration.ofSeconds(60));
    assertThat(Backoff.after(5, INITIAL, MAX)).isEqualTo(Duration.ofMinutes(8));
  }

  @Test
  void shouldNeverWaitLongerThanTheMaximum() {
    assertThat(Backoff.after(8, INITIAL, MAX)).isEqualTo(MAX);
    assertThat(Backoff.after(10_000, INITIAL, MAX)).isEqualTo(MAX);
  }

  @Test
  void shouldRefuseAnAttemptNumberBelowOne() {
    assertThatThrownBy(() -> Backoff.after(0, INITIAL, MAX))
        .hasMessage("attempts count from 1, was 0");
  }
}
