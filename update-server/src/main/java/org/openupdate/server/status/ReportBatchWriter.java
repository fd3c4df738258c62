package org.openupdate.server.status;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.openupdate.manifest.StatusDetails;
import org.openupdate.manifest.StatusReport;
import org.openupdate.manifest.UpdateStatus;

/**
 * Writes one batch of reports in one transaction: reports already stored (by reportId) are skipped,
 * the rest inserted; each (client, release) gets an attempt row on its first report and the outcome
 * of its last finished one. A report counts against the release of {@link #releaseOf}; refusals are
 * stored but are no attempt of anything. Plain JDBC batches, because this is the ingest hot path.
 */
final class ReportBatchWriter {

  private static final int IN_CHUNK = 500;

  /**
   * What the batch changed, for metrics and rollout evaluation after commit.
   *
   * @param attempts one report per attempt counted: a client's first report on a release, and each
   *     outcome reported for an attempt that already had one (a retry, or a manual rollback after a
   *     completed update), so that every counted outcome has its own counted attempt and
   *     per-release rates add up to at most 100 %
   */
  record Result(Set<String> duplicates, List<StatusReport> stored, List<StatusReport> attempts) {}

  private ReportBatchWriter() {}

  /**
   * @param reports unique by reportId
   * @param stageOf the current rollout stage of a report's (product, version, channel)
   */
  static Result write(
      Connection connection,
      Collection<StatusReport> reports,
      ToIntFunction<StatusReport> stageOf,
      Instant now)
      throws SQLException {
    Set<String> existing = existingReportIds(connection, reports);
    List<StatusReport> fresh =
        reports.stream().filter(r -> !existing.contains(r.reportId())).toList();
    insertReports(connection, fresh, now);
    List<StatusReport> attempts =
        upsertAttempts(
            connection,
            fresh.stream().filter(r -> r.status() != UpdateStatus.REFUSED).toList(),
            stageOf,
            now);
    return new Result(existing, fresh, attempts);
  }

  private static Set<String> existingReportIds(
      Connection connection, Collection<StatusReport> reports) throws SQLException {
    Set<String> found = new HashSet<>();
    List<String> ids = reports.stream().map(StatusReport::reportId).toList();
    selectIn(
        connection,
        "select report_id from status_reports where report_id in ",
        ids,
        rs -> found.add(rs.getString(1)));
    return found;
  }

  private static void insertReports(Connection connection, List<StatusReport> reports, Instant now)
      throws SQLException {
    if (reports.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "insert into status_reports (report_id, client_id, product, from_version, version,"
                + " channel, status, phase, reported_at, received_at, download_seconds,"
                + " install_seconds, migration_seconds, errors, refusal, rollback_reason,"
                + " bytes_downloaded, bytes_full)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (StatusReport r : reports) {
        StatusDetails d = r.details();
        insert.setString(1, r.reportId());
        insert.setString(2, r.clientId());
        insert.setString(3, r.product());
        insert.setString(4, r.fromVersion());
        insert.setString(5, r.version());
        insert.setString(6, r.channel());
        insert.setString(7, r.status().json());
        insert.setString(8, r.phase() == null ? null : r.phase().json());
        insert.setTimestamp(9, Timestamp.from(r.timestamp()));
        insert.setTimestamp(10, Timestamp.from(now));
        setDouble(insert, 11, d == null ? null : d.downloadTime());
        setDouble(insert, 12, d == null ? null : d.installTime());
        setDouble(insert, 13, d == null ? null : d.migrationTime());
        insert.setString(14, d == null || d.errors() == null ? null : errors(d.errors()));
        insert.setString(15, r.refusal() == null ? null : r.refusal().json());
        insert.setString(16, r.rollbackReason() == null ? null : r.rollbackReason().json());
        setLong(insert, 17, d == null ? null : d.bytesDownloaded());
        setLong(insert, 18, d == null ? null : d.bytesFull());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** Returns one report per attempt counted (see {@link Result#attempts()}). */
  private static List<StatusReport> upsertAttempts(
      Connection connection,
      List<StatusReport> reports,
      ToIntFunction<StatusReport> stageOf,
      Instant now)
      throws SQLException {
    Map<String, List<StatusReport>> byAttempt = new LinkedHashMap<>();
    for (StatusReport r : reports) {
      byAttempt.computeIfAbsent(key(r), k -> new ArrayList<>()).add(r);
    }
    Map<String, Boolean> known = existingAttempts(connection, reports);
    List<StatusReport> counted = new ArrayList<>();
    try (PreparedStatement insert =
            connection.prepareStatement(
                "insert into update_attempts (client_id, product, version, channel, stage_index,"
                    + " started_at, outcome, duration_seconds) values (?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement update =
            connection.prepareStatement(
                "update update_attempts set outcome = ?, duration_seconds = ?"
                    + " where client_id = ? and product = ? and version = ?")) {
      for (Map.Entry<String, List<StatusReport>> entry : byAttempt.entrySet()) {
        List<StatusReport> ordered = new ArrayList<>(entry.getValue());
        ordered.sort(Comparator.comparing(StatusReport::timestamp));
        StatusReport first = ordered.get(0);
        boolean exists = known.containsKey(entry.getKey());
        boolean finished = exists && known.get(entry.getKey());
        if (!exists) {
          counted.add(first);
        }
        StatusReport outcome = null;
        for (StatusReport r : ordered) {
          if (!r.status().isFinal()) {
            continue;
          }
          if (finished) {
            counted.add(r);
          }
          finished = true;
          outcome = r;
        }
        if (exists) {
          if (outcome != null) {
            update.setString(1, outcome.status().json());
            setDouble(update, 2, duration(outcome));
            update.setString(3, first.clientId());
            update.setString(4, first.product());
            update.setString(5, releaseOf(first));
            update.addBatch();
          }
        } else {
          insert.setString(1, first.clientId());
          insert.setString(2, first.product());
          insert.setString(3, releaseOf(first));
          insert.setString(4, first.channel());
          insert.setInt(5, stageOf.applyAsInt(first));
          insert.setTimestamp(6, Timestamp.from(now));
          insert.setString(7, outcome == null ? null : outcome.status().json());
          setDouble(insert, 8, outcome == null ? null : duration(outcome));
          insert.addBatch();
        }
      }
      insert.executeBatch();
      update.executeBatch();
    }
    return counted;
  }

  /**
   * The release a report counts against: the version left for a rollback (the one that did not
   * stay), else the version attempted, recalled to or refused.
   */
  static String releaseOf(StatusReport report) {
    return report.status() == UpdateStatus.ROLLED_BACK ? report.fromVersion() : report.version();
  }

  /** The stored attempts among the reports' (client, release), and whether each has an outcome. */
  private static Map<String, Boolean> existingAttempts(
      Connection connection, Collection<StatusReport> reports) throws SQLException {
    Set<String> wanted = new HashSet<>();
    reports.forEach(r -> wanted.add(key(r)));
    List<String> clients = reports.stream().map(StatusReport::clientId).distinct().toList();
    Map<String, Boolean> found = new HashMap<>();
    selectIn(
        connection,
        "select client_id, product, version, outcome from update_attempts where client_id in ",
        clients,
        rs -> {
          String key = rs.getString(1) + '\u0000' + rs.getString(2) + '\u0000' + rs.getString(3);
          if (wanted.contains(key)) {
            found.put(key, rs.getString(4) != null);
          }
        });
    return found;
  }

  /** Download plus install time of a finished attempt, null when the report times neither. */
  static Double duration(StatusReport report) {
    StatusDetails d = report.details();
    if (!report.status().isFinal() || d == null) {
      return null;
    }
    if (d.downloadTime() == null && d.installTime() == null) {
      return null;
    }
    return (d.downloadTime() == null ? 0 : d.downloadTime())
        + (d.installTime() == null ? 0 : d.installTime());
  }

  private static String key(StatusReport r) {
    return r.clientId() + '\u0000' + r.product() + '\u0000' + releaseOf(r);
  }

  private static String errors(List<String> errors) {
    String joined = String.join("\n", errors);
    return joined.length() <= 4000 ? joined : joined.substring(0, 4000);
  }

  private static void setDouble(PreparedStatement statement, int index, Double value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.DOUBLE);
    } else {
      statement.setDouble(index, value);
    }
  }

  private static void setLong(PreparedStatement statement, int index, Long value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }

  /** Runs {@code select ... in (?, ...)} over {@code values} in chunks the databases accept. */
  private static void selectIn(
      Connection connection, String selectIn, List<String> values, RowConsumer rows)
      throws SQLException {
    for (int from = 0; from < values.size(); from += IN_CHUNK) {
      List<String> chunk = values.subList(from, Math.min(values.size(), from + IN_CHUNK));
      try (PreparedStatement statement =
          connection.prepareStatement(selectIn + "(" + placeholders(chunk.size()) + ")")) {
        for (int i = 0; i < chunk.size(); i++) {
          statement.setString(i + 1, chunk.get(i));
        }
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            rows.accept(rs);
          }
        }
      }
    }
  }

  @FunctionalInterface
  private interface RowConsumer {
    void accept(ResultSet row) throws SQLException;
  }

  private static String placeholders(int count) {
    return String.join(",", java.util.Collections.nCopies(count, "?"));
  }
}
