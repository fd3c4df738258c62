package org.openupdate.client.internal.window;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * When installs may happen: on the given days from {@code start} (inclusive) to {@code end}
 * (exclusive), wall-clock time in {@code zone}. A window whose end is not after its start crosses
 * midnight and belongs to the day it starts on ({@code saturday 22:00-02:00} is open early Sunday);
 * equal start and end mean 24 hours. Wall-clock times follow DST: on a spring-forward day a window
 * starting inside the skipped hour opens at the first instant after the gap.
 */
public final class MaintenanceWindow {
  private final Set<DayOfWeek> days;
  private final LocalTime start;
  private final LocalTime end;
  private final ZoneId zone;
  private final boolean always;

  public MaintenanceWindow(Set<DayOfWeek> days, LocalTime start, LocalTime end, ZoneId zone) {
    this(EnumSet.copyOf(days), start, end, zone, false);
  }

  private MaintenanceWindow(
      Set<DayOfWeek> days, LocalTime start, LocalTime end, ZoneId zone, boolean always) {
    this.days = days;
    this.start = start;
    this.end = end;
    this.zone = zone;
    this.always = always;
  }

  /** A disabled window: installs may happen at any time. */
  public static MaintenanceWindow always() {
    return new MaintenanceWindow(
        EnumSet.allOf(DayOfWeek.class),
        LocalTime.MIDNIGHT,
        LocalTime.MIDNIGHT,
        ZoneOffset.UTC,
        true);
  }

  /** Parses {@code saturday}, {@code Sat}, {@code SATURDAY}. */
  public static Optional<DayOfWeek> parseDay(String text) {
    String lower = text.trim().toLowerCase(Locale.ROOT);
    if (lower.length() < 3) {
      return Optional.empty();
    }
    for (DayOfWeek day : DayOfWeek.values()) {
      String name = day.name().toLowerCase(Locale.ROOT);
      if (name.equals(lower) || name.substring(0, 3).equals(lower)) {
        return Optional.of(day);
      }
    }
    return Optional.empty();
  }

  public boolean isOpen(Instant now) {
    if (always) {
      return true;
    }
    ZonedDateTime local = now.atZone(zone);
    LocalTime time = local.toLocalTime();
    DayOfWeek today = local.getDayOfWeek();
    if (end.isAfter(start)) {
      return days.contains(today) && !time.isBefore(start) && time.isBefore(end);
    }
    boolean lateToday = days.contains(today) && !time.isBefore(start);
    boolean earlyAfterYesterday = days.contains(today.minus(1)) && time.isBefore(end);
    return lateToday || earlyAfterYesterday;
  }

  /** The next instant at or after {@code now} when the window is open. */
  public Instant nextOpening(Instant now) {
    if (isOpen(now)) {
      return now;
    }
    LocalDate date = now.atZone(zone).toLocalDate();
    for (int i = 0; i <= 8; i++) {
      // ZonedDateTime.of moves a start inside a DST gap forward by the gap's length.
      Instant candidate = ZonedDateTime.of(date.plusDays(i), start, zone).toInstant();
      if (candidate.isAfter(now) && isOpen(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("maintenance window never opens: " + this);
  }

  @Override
  public String toString() {
    return always ? "always" : days + " " + start + "-" + end + " " + zone;
  }
}
