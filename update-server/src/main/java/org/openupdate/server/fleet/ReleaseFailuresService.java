package org.openupdate.server.fleet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.openupdate.server.fleet.FleetViews.FailureReason;
import org.openupdate.server.fleet.FleetViews.ReleaseFailures;
import org.openupdate.server.fleet.FleetViews.StageCount;

/**
 * Why a release fails: its failed and rolled-back reports grouped by their normalised errors (and a
 * rollback's reason), with counts per channel and rollout stage and a few clients to look at. A
 * rollback is the release's when it is the version left ({@code fromVersion}), as the status ingest
 * counts it: a rollback from 1.1.0 to 1.0.0 is 1.1.0's failure, never 1.0.0's.
 */
@ApplicationScoped
public class ReleaseFailuresService {

  /** Newest reports grouped; enough for every reason that matters, bounded in memory and time. */
  static final int MAX_REPORTS = 100_000;

  private static final int SAMPLE_CLIENTS = 5;

  @Inject DataSource dataSource;

  /** Empty when the product has no such release. */
  public Optional<ReleaseFailures> failures(String product, String version) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      if (!exists(connection, product, version)) {
        return Optional.empty();
      }
      Map<String, Group> groups = new LinkedHashMap<>();
      long reports = 0;
      boolean truncated = false;
      try (PreparedStatement statement =
          connection.prepareStatement(
              "select s.client_id, s.channel, s.status, s.rollback_reason, s.errors,"
                  + " a.stage_index from status_reports s"
                  + " left join update_attempts a on a.client_id = s.client_id"
                  + " and a.product = s.product and a.version = ?"
                  + " where s.product = ? and ((s.status = 'failed' and s.version = ?)"
                  + " or (s.status = 'rolled-back' and s.from_version = ?))"
                  + " order by s.received_at desc, s.id desc limit ?")) {
        statement.setString(1, version);
        statement.setString(2, product);
        statement.setString(3, version);
        statement.setString(4, version);
        statement.setInt(5, MAX_REPORTS + 1);
        try (ResultSet rs = statement.executeQuery()) {
          int read = 0;
          while (rs.next()) {
            if (++read > MAX_REPORTS) {
              truncated = true;
              break;
            }
            String status = rs.getString(3);
            String reason = rs.getString(4);
            List<String> errors = FleetService.errors(rs.getString(5));
            String message = ErrorMessages.normalise(errors);
            groups
                .computeIfAbsent(
                    status + '\u0000' + reason + '\u0000' + message,
                    k -> new Group(status, reason, message, ErrorMessages.example(errors)))
                .add(rs.getString(1), rs.getString(2), stage(rs));
            reports++;
          }
        }
      }
      List<FailureReason> reasons =
          groups.values().stream()
              .sorted(
                  Comparator.comparingLong((Group g) -> g.reports)
                      .reversed()
                      .thenComparing(g -> g.status)
                      .thenComparing(g -> g.message)
                      .thenComparing(g -> String.valueOf(g.rollbackReason)))
              .map(Group::view)
              .toList();
      return Optional.of(new ReleaseFailures(product, version, reports, truncated, reasons));
    }
  }

  private static Integer stage(ResultSet rs) throws SQLException {
    int stage = rs.getInt(6);
    return rs.wasNull() ? null : stage;
  }

  private static boolean exists(Connection connection, String product, String version)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "select 1 from releases r join products p on p.id = r.product_id"
                + " where p.name = ? and r.version = ?")) {
      statement.setString(1, product);
      statement.setString(2, version);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static final class Group {
    private static final Comparator<StageCount> BY_CHANNEL_AND_STAGE =
        Comparator.comparing(StageCount::channel)
            .thenComparing(StageCount::stage, Comparator.nullsLast(Comparator.naturalOrder()));

    final String status;
    final String rollbackReason;
    final String message;
    final String example;
    long reports;
    final Set<String> clients = new LinkedHashSet<>();

    /** Reports per (channel, stage); the map's keys carry a count of 0. */
    final Map<StageCount, Long> stages = new TreeMap<>(BY_CHANNEL_AND_STAGE);

    Group(String status, String rollbackReason, String message, String example) {
      this.status = status;
      this.rollbackReason = rollbackReason;
      this.message = message;
      this.example = example;
    }

    void add(String clientId, String channel, Integer stage) {
      reports++;
      clients.add(clientId);
      stages.merge(new StageCount(channel, stage, 0), 1L, Long::sum);
    }

    FailureReason view() {
      List<StageCount> counts = new ArrayList<>();
      stages.forEach(
          (where, count) -> counts.add(new StageCount(where.channel(), where.stage(), count)));
      return new FailureReason(
          status,
          rollbackReason,
          message,
          example,
          reports,
          clients.size(),
          counts,
          clients.stream().limit(SAMPLE_CLIENTS).toList());
    }
  }
}
