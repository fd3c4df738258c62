package org.openupdate.server.console.fleet;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openupdate.server.status.AdoptionHistory.Adoption;

/**
 * Adoption over time drawn as an SVG by the server (readable without JavaScript): one line per
 * version, the newest few, clients on the vertical axis, days on the horizontal one.
 *
 * @param series each line's points in the SVG's coordinates, with its version and last count
 */
public record AdoptionChart(
    int width,
    int height,
    List<Series> series,
    List<Tick> xTicks,
    List<Tick> yTicks,
    String summary) {

  /** Lines beyond this many make the chart unreadable; the table under it lists every version. */
  static final int MAX_SERIES = 6;

  private static final int WIDTH = 720;
  private static final int HEIGHT = 240;
  private static final int LEFT = 48;
  private static final int RIGHT = 16;
  private static final int TOP = 12;
  private static final int BOTTOM = 28;

  /** A version's line; {@code index} picks its colour class in the stylesheet. */
  public record Series(String version, int index, String points, long latest) {}

  /** An axis label; {@code anchor} keeps the outer ones inside the chart. */
  public record Tick(double position, String label, String anchor) {}

  static AdoptionChart of(Adoption adoption) {
    List<LocalDate> days = adoption.days();
    long max = 1;
    for (List<Long> counts : adoption.versions().values()) {
      for (long count : counts) {
        max = Math.max(max, count);
      }
    }
    double plotWidth = WIDTH - LEFT - RIGHT;
    double plotHeight = HEIGHT - TOP - BOTTOM;
    double step = days.size() > 1 ? plotWidth / (days.size() - 1) : 0;
    List<Series> series = new ArrayList<>();
    for (Map.Entry<String, List<Long>> version : adoption.versions().entrySet()) {
      if (series.size() == MAX_SERIES) {
        break;
      }
      StringBuilder points = new StringBuilder();
      List<Long> counts = version.getValue();
      for (int day = 0; day < counts.size(); day++) {
        double x = LEFT + step * day;
        double y = TOP + plotHeight - plotHeight * counts.get(day) / max;
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      series.add(
          new Series(
              version.getKey(),
              series.size(),
              points.toString().strip(),
              counts.isEmpty() ? 0 : counts.get(counts.size() - 1)));
    }
    List<Tick> xTicks = new ArrayList<>();
    int last = days.size() - 1;
    for (int day : new java.util.TreeSet<>(List.of(0, last / 2, last))) {
      String anchor = day == 0 ? "start" : day == last ? "end" : "middle";
      xTicks.add(new Tick(LEFT + step * day, days.get(day).toString(), anchor));
    }
    List<Tick> yTicks =
        List.of(
            new Tick(TOP + plotHeight, "0", "end"),
            new Tick(TOP + plotHeight / 2, String.valueOf(max / 2), "end"),
            new Tick(TOP, String.valueOf(max), "end"));
    String summary =
        "Clients per version over the last "
            + days.size()
            + " days, by their newest completed update"
            + (series.isEmpty() ? ": no completed update reported yet." : ".");
    return new AdoptionChart(WIDTH, HEIGHT, series, xTicks, yTicks, summary);
  }

  public int plotLeft() {
    return LEFT;
  }

  public int plotRight() {
    return WIDTH - RIGHT;
  }

  public int plotBottom() {
    return HEIGHT - BOTTOM;
  }
}
