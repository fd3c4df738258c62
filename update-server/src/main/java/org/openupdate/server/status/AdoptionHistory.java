package org.openupdate.server.status;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.openupdate.manifest.Version;

/**
 * Adoption over time: for each of the last days, how many clients ran each version at the day's
 * end, by their newest completed update up to then. Clients that never reported an update are not
 * counted: what is shown is what agents confirmed installing.
 */
@ApplicationScoped
public class AdoptionHistory {

  /** Reports read at most; beyond it the oldest are left out, so a page stays quick. */
  static final int MAX_REPORTS = 200_000;

  /**
   * @param days the days, oldest first (UTC)
   * @param versions per version, newest first, its client count on each day
   */
  public record Adoption(List<LocalDate> days, Map<String, List<Long>> versions) {}

  @Inject DataSource dataSource;
  @Inject Clock clock;

  public Adoption of(String product, int days) throws SQLException {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    List<LocalDate> window = new ArrayList<>();
    for (int i = days - 1; i >= 0; i--) {
      window.add(today.minusDays(i));
    }
    // Newest completed version per client, as the sweep over time reaches each day's end.
    Map<String, String> running = new HashMap<>();
    Map<String, long[]> counts = new TreeMap<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "select client_id, version, received_at from status_reports"
                    + " where product = ? and status = 'completed' and received_at < ?"
                    + " order by received_at, id")) {
      statement.setString(1, product);
      statement.setTimestamp(2, Timestamp.from(dayEnd(today)));
      statement.setMaxRows(MAX_REPORTS);
      try (ResultSet rs = statement.executeQuery()) {
        int day = 0;
        boolean more = rs.next();
        while (day < window.size()) {
          Instant end = dayEnd(window.get(day));
          while (more && rs.getTimestamp(3).toInstant().isBefore(end)) {
            running.put(rs.getString(1), rs.getString(2));
            more = rs.next();
          }
          for (String version : running.values()) {
            counts.computeIfAbsent(version, v -> new long[window.size()])[day]++;
          }
          day++;
        }
      }
    }
    Map<String, List<Long>> byVersion = new java.util.LinkedHashMap<>();
    // Build metadata does not order versions, but two such versions are still two series.
    TreeSet<String> newestFirst =
        new TreeSet<>(
            (a, b) -> {
              int order = Version.parse(b).compareTo(Version.parse(a));
              return order != 0 ? order : a.compareTo(b);
            });
    newestFirst.addAll(counts.keySet());
    for (String version : newestFirst) {
      long[] perDay = counts.get(version);
      List<Long> series = new ArrayList<>(perDay.length);
      for (long count : perDay) {
        series.add(count);
      }
      byVersion.put(version, series);
    }
    return new Adoption(window, byVersion);
  }

  private static Instant dayEnd(LocalDate day) {
    return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
