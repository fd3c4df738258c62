package org.openupdate.server.status;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.openupdate.server.status.StatusSummary.Adoption;
import org.openupdate.server.status.StatusSummary.StageSummary;

/** The admin's read of status reports: per release and stage counts, rates, times and adoption. */
@ApplicationScoped
public class StatusQueries {

  @Inject DataSource dataSource;

  public StatusSummary summary(String product, String version) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return new StatusSummary(
          product, version, stages(connection, product, version), adoption(connection, product));
    }
  }

  private static List<StageSummary> stages(Connection connection, String product, String version)
      throws SQLException {
    Map<String, List<Double>> durations = new LinkedHashMap<>();
    Map<String, long[]> counts = new LinkedHashMap<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "select channel, stage_index, outcome, duration_seconds from update_attempts"
                + " where product = ? and version = ? order by channel, stage_index")) {
      statement.setString(1, product);
      statement.setString(2, version);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          String key = rs.getString(1) + '\u0000' + rs.getInt(2);
          long[] c = counts.computeIfAbsent(key, k -> new long[5]);
          c[0]++;
          String outcome = rs.getString(3);
          if ("completed".equals(outcome)) {
            c[1]++;
            double seconds = rs.getDouble(4);
            if (!rs.wasNull()) {
              durations.computeIfAbsent(key, k -> new ArrayList<>()).add(seconds);
            }
          } else if ("failed".equals(outcome)) {
            c[2]++;
          } else if ("rolled-back".equals(outcome)) {
            c[3]++;
          } else if ("recalled".equals(outcome)) {
            c[4]++;
          }
        }
      }
    }
    List<StageSummary> stages = new ArrayList<>();
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      String[] parts = e.getKey().split("\u0000");
      long[] c = e.getValue();
      long finished = c[1] + c[2] + c[3];
      List<Double> times = durations.getOrDefault(e.getKey(), List.of());
      stages.add(
          new StageSummary(
              parts[0],
              Integer.parseInt(parts[1]),
              c[0],
              c[1],
              c[2],
              c[3],
              c[4],
              share(c[1], finished),
              share(c[2], finished),
              share(c[3], finished),
              Percentiles.of(times, 50),
              Percentiles.of(times, 90),
              Percentiles.of(times, 99)));
    }
    return stages;
  }

  private static Double share(long part, long finished) {
    return finished == 0 ? null : (double) part / finished;
  }

  private static List<Adoption> adoption(Connection connection, String product)
      throws SQLException {
    List<Adoption> adoption = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "select version, count(*) from fleet_clients where product = ? group by version"
                + " order by count(*) desc, version")) {
      statement.setString(1, product);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          adoption.add(new Adoption(rs.getString(1), rs.getLong(2)));
        }
      }
    }
    return adoption;
  }
}
