package org.openupdate.client.internal.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaintenanceWindowTest {

  private static MaintenanceWindow window(String days, String start, String end, String zone) {
    var set = EnumSet.noneOf(java.time.DayOfWeek.class);
    Arrays.stream(days.split(" "))
        .forEach(d -> set.add(MaintenanceWindow.parseDay(d).orElseThrow()));
    return new MaintenanceWindow(
        set, LocalTime.parse(start), LocalTime.parse(end), ZoneId.of(zone));
  }

  // 2026-11-20 is a Friday. US DST: starts 2026-03-08 02:00 (-> 03:00), ends 2026-11-01 02:00
  // (-> 01:00). EU DST starts 2026-03-29 01:00 UTC.
  @ParameterizedTest(name = "{0} {1}-{2} {3} at {4} -> open={5}")
  @CsvSource({
    // the original design's default: weekends 02:00-06:00 UTC
    "sat sun, 02:00, 06:00, UTC, 2026-11-21T02:00:00Z, true",
    "sat sun, 02:00, 06:00, UTC, 2026-11-21T05:59:59Z, true",
    "sat sun, 02:00, 06:00, UTC, 2026-11-21T06:00:00Z, false",
    "sat sun, 02:00, 06:00, UTC, 2026-11-21T01:59:59Z, false",
    "sat sun, 02:00, 06:00, UTC, 2026-11-20T03:00:00Z, false",
    "sat sun, 02:00, 06:00, UTC, 2026-11-22T04:00:00Z, true",
    "sat sun, 02:00, 06:00, UTC, 2026-11-23T03:00:00Z, false",
    // crossing midnight, Berlin (UTC+1 in November): the early hours belong to the start day
    "saturday, 22:00, 02:00, Europe/Berlin, 2026-11-21T21:00:00Z, true",
    "saturday, 22:00, 02:00, Europe/Berlin, 2026-11-22T00:30:00Z, true",
    "saturday, 22:00, 02:00, Europe/Berlin, 2026-11-22T01:00:00Z, false",
    "saturday, 22:00, 02:00, Europe/Berlin, 2026-11-22T21:30:00Z, false",
    "saturday, 22:00, 02:00, Europe/Berlin, 2026-11-20T22:00:00Z, false",
    "saturday, 22:00, 02:00, Europe/Berlin, 2026-11-21T00:00:00Z, false",
    // weekday nights in New York crossing midnight: Friday's window runs into Saturday
    "mon tue wed thu fri, 23:00, 01:00, America/New_York, 2026-11-21T04:30:00Z, true",
    "mon tue wed thu fri, 23:00, 01:00, America/New_York, 2026-11-21T05:30:00Z, true",
    "mon tue wed thu fri, 23:00, 01:00, America/New_York, 2026-11-23T05:30:00Z, false",
    // DST starts in New York: 02:00 local does not exist, the window opens right after the gap
    "sunday, 02:00, 04:00, America/New_York, 2026-03-08T06:59:59Z, false",
    "sunday, 02:00, 04:00, America/New_York, 2026-03-08T07:00:00Z, true",
    "sunday, 02:00, 04:00, America/New_York, 2026-03-08T08:00:00Z, false",
    // DST ends in New York: 01:00-02:00 happens twice, the window is open both times
    "sunday, 01:00, 01:30, America/New_York, 2026-11-01T05:15:00Z, true",
    "sunday, 01:00, 01:30, America/New_York, 2026-11-01T06:15:00Z, true",
    "sunday, 01:00, 01:30, America/New_York, 2026-11-01T05:45:00Z, false",
    // DST starts in London: 00:30 GMT is inside, 01:00 UTC is already 02:00 BST and outside
    "sunday, 00:30, 01:30, Europe/London, 2026-03-29T00:45:00Z, true",
    "sunday, 00:30, 01:30, Europe/London, 2026-03-29T01:00:00Z, false",
    // equal start and end: the whole day
    "monday, 00:00, 00:00, UTC, 2026-11-23T12:00:00Z, true",
    "monday, 00:00, 00:00, UTC, 2026-11-24T00:00:00Z, false",
    // half-hour zone: 02:30 Saturday in Kolkata is Friday 21:00 UTC
    "saturday, 02:00, 06:00, Asia/Kolkata, 2026-11-20T21:00:00Z, true",
    "saturday, 02:00, 06:00, Asia/Kolkata, 2026-11-21T02:00:00Z, false",
  })
  void shouldOpenExactlyInsideTheWindow(
      String days, String start, String end, String zone, String at, boolean open) {
    assertThat(window(days, start, end, zone).isOpen(Instant.parse(at))).isEqualTo(open);
  }

  @Test
  void shouldFindNextOpeningOnTheNextListedDay() {
    var window = window("sat sun", "02:00", "06:00", "UTC");
    assertThat(window.nextOpening(Instant.parse("2026-11-20T10:00:00Z")))
        .isEqualTo(Instant.parse("2026-11-21T02:00:00Z"));
    assertThat(window.nextOpening(Instant.parse("2026-11-22T07:00:00Z")))
        .isEqualTo(Instant.parse("2026-11-28T02:00:00Z"));
  }

  @Test
  void shouldReturnNowAsNextOpeningWhenAlreadyOpen() {
    Instant now = Instant.parse("2026-11-21T03:00:00Z");
    assertThat(window("sat", "02:00", "06:00", "UTC").nextOpening(now)).isEqualTo(now);
  }

  @Test
  void shouldFindNextOpeningAcrossTheDstGap() {
    var window = window("sunday", "02:30", "04:00", "America/New_York");
    Instant opening = window.nextOpening(Instant.parse("2026-03-08T05:00:00Z"));
    assertThat(window.isOpen(opening)).isTrue();
    assertThat(opening)
        .isBetween(Instant.parse("2026-03-08T07:00:00Z"), Instant.parse("2026-03-08T08:00:00Z"));
  }

  @Test
  void shouldAlwaysBeOpenWhenDisabled() {
    assertThat(MaintenanceWindow.always().isOpen(Instant.parse("2026-11-18T12:00:00Z"))).isTrue();
  }

  @Test
  void shouldParseDayNamesAndAbbreviationsOnly() {
    assertThat(MaintenanceWindow.parseDay("Saturday")).contains(java.time.DayOfWeek.SATURDAY);
    assertThat(MaintenanceWindow.parseDay("SUN")).contains(java.time.DayOfWeek.SUNDAY);
    assertThat(MaintenanceWindow.parseDay("sa")).isEmpty();
    assertThat(MaintenanceWindow.parseDay("funday")).isEmpty();
  }
}
