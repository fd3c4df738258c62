package org.openupdate.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The AT of {@code update-client schedule VERSION AT}. */
class ScheduleAtTest {

  @Test
  void shouldReadAnInstantOrAnOffsetDateTime() {
    assertThat(Main.Schedule.instant("2026-12-24T22:00:00Z"))
        .contains(Instant.parse("2026-12-24T22:00:00Z"));
    assertThat(Main.Schedule.instant("2026-12-24T23:00+01:00"))
        .contains(Instant.parse("2026-12-24T22:00:00Z"));
  }

  @Test
  void shouldReadALocalDateTimeInThisMachinesTimeZone() {
    assertThat(Main.Schedule.instant("2026-12-24T22:00"))
        .contains(
            LocalDateTime.parse("2026-12-24T22:00").atZone(ZoneId.systemDefault()).toInstant());
  }

  @Test
  void shouldReadNothingElse() {
    assertThat(Main.Schedule.instant("tomorrow 10pm")).isEmpty();
    assertThat(Main.Schedule.instant("2026-12-24")).isEmpty();
  }
}
