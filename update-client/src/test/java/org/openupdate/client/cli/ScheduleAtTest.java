package org.openupdate.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The AT of {@code update-client schedule VERSION AT}. */
class ScheduleAtTest {
  private final Main.At at = new Main.At();

  @Test
  void shouldReadAnInstantOrAnOffsetDateTime() {
    assertThat(at.convert("2026-12-24T22:00:00Z")).isEqualTo(Instant.parse("2026-12-24T22:00:00Z"));
    assertThat(at.convert("2026-12-24T23:00+01:00"))
        .isEqualTo(Instant.parse("2026-12-24T22:00:00Z"));
  }

  @Test
  void shouldReadALocalDateTimeInThisMachinesTimeZone() {
    assertThat(at.convert("2026-12-24T22:00"))
        .isEqualTo(
            LocalDateTime.parse("2026-12-24T22:00").atZone(ZoneId.systemDefault()).toInstant());
  }

  @Test
  void shouldNameWhatItCannotRead() {
    assertThatThrownBy(() -> at.convert("tomorrow 10pm"))
        .isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessage(
            "'tomorrow 10pm' is not a date-time such as 2026-12-24T22:00:00Z or 2026-12-24T22:00");
  }
}
