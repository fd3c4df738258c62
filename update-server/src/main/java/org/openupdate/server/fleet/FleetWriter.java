package org.openupdate.server.fleet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.openupdate.server.fleet.SightingBuffer.Batch;
import org.openupdate.server.fleet.SightingBuffer.Profile;

/**
 * Writes drained sightings as upserts: one MERGE statement per {@link #ROWS_PER_STATEMENT} clients
 * (standard SQL that H2 and PostgreSQL 15 both run), committed every {@link #ROWS_PER_COMMIT}. A
 * client's first_seen is set when its row is made and never touched again.
 */
final class FleetWriter {

  /** 10 parameters a row: 10,000 a statement, far below either database's limit. */
  static final int ROWS_PER_STATEMENT = 1_000;

  static final int ROWS_PER_COMMIT = 10_000;

  private static final String UNIQUE_VIOLATION = "23505";
  private static final String DEADLOCK = "40P01";

  private final DataSource dataSource;
  private final String fullStatement = merge(ROWS_PER_STATEMENT);

  FleetWriter(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Writes the batch. What is committed is marked written in the buffer; on a failure what is not
   * yet committed goes back to the buffer, and the failure is thrown.
   */
  void write(Batch drained, SightingBuffer buffer) throws SQLException {
    Batch batch = sorted(drained);
    int committed = 0;
    try {
      // Versions first: a client row whose version the state filter cannot find would be missed.
      recordVersions(batch);
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(false);
        while (committed < batch.size()) {
          int end = Math.min(batch.size(), committed + ROWS_PER_COMMIT);
          writeOnce(connection, batch, committed, end);
          buffer.written(batch, committed, end);
          committed = end;
        }
      }
    } finally {
      if (committed < batch.size()) {
        buffer.requeue(batch, committed, batch.size());
      }
    }
  }

  /**
   * Rows [from, to) in one transaction, retried once when another instance made one of the same new
   * clients meanwhile (MERGE does not wait for a concurrent insert) or locked rows crosswise.
   */
  private void writeOnce(Connection connection, Batch batch, int from, int to) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        for (int start = from; start < to; start += ROWS_PER_STATEMENT) {
          int rows = Math.min(ROWS_PER_STATEMENT, to - start);
          try (PreparedStatement merge =
              connection.prepareStatement(
                  rows == ROWS_PER_STATEMENT ? fullStatement : merge(rows))) {
            bind(merge, batch, start, rows);
            merge.executeUpdate();
          }
        }
        connection.commit();
        return;
      } catch (SQLException e) {
        connection.rollback();
        boolean race = UNIQUE_VIOLATION.equals(e.getSQLState()) || DEADLOCK.equals(e.getSQLState());
        if (!race || attempt == 2) {
          throw e;
        }
      }
    }
  }

  private static void bind(PreparedStatement merge, Batch batch, int start, int rows)
      throws SQLException {
    int p = 1;
    for (int i = start; i < start + rows; i++) {
      Profile profile = batch.profiles()[i];
      merge.setString(p++, batch.clientIds()[i]);
      merge.setString(p++, profile.product);
      merge.setString(p++, profile.channel);
      merge.setString(p++, profile.version);
      setNullable(merge, p++, profile.platform);
      setNullable(merge, p++, profile.agentVersion);
      setNullable(merge, p++, profile.dismissedVersions);
      setNullable(merge, p++, profile.scheduledVersion);
      merge.setObject(
          p++,
          profile.scheduledAt == null
              ? null
              : OffsetDateTime.ofInstant(profile.scheduledAt, ZoneOffset.UTC),
          Types.TIMESTAMP_WITH_TIMEZONE);
      merge.setObject(
          p++, OffsetDateTime.ofInstant(Instant.ofEpochMilli(batch.atMillis()[i]), ZoneOffset.UTC));
    }
  }

  private static void setNullable(PreparedStatement statement, int index, String value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }

  /** Typed parameters: PostgreSQL cannot infer a VALUES list's column types from the target. */
  private static String merge(int rows) {
    StringBuilder sql =
        new StringBuilder("merge into fleet_clients f using (values ")
            .append(
                String.join(
                    ", ",
                    java.util.Collections.nCopies(
                        rows,
                        "(cast(? as varchar(200)), cast(? as varchar(100)), cast(? as varchar(100)),"
                            + " cast(? as varchar(128)), cast(? as varchar(50)),"
                            + " cast(? as varchar(100)), cast(? as varchar(1289)),"
                            + " cast(? as varchar(128)), cast(? as timestamp with time zone),"
                            + " cast(? as timestamp with time zone))")))
            .append(
                ") as s (client_id, product, channel, version, platform, agent_version,"
                    + " dismissed_versions, scheduled_version, scheduled_at, seen)"
                    + " on f.client_id = s.client_id and f.product = s.product"
                    + " when matched then update set channel = s.channel, version = s.version,"
                    + " platform = s.platform, agent_version = s.agent_version,"
                    + " dismissed_versions = s.dismissed_versions,"
                    + " scheduled_version = s.scheduled_version, scheduled_at = s.scheduled_at,"
                    + " last_seen = s.seen"
                    + " when not matched then insert (client_id, product, channel, version,"
                    + " platform, agent_version, dismissed_versions, scheduled_version,"
                    + " scheduled_at, first_seen, last_seen) values (s.client_id, s.product,"
                    + " s.channel, s.version, s.platform, s.agent_version, s.dismissed_versions,"
                    + " s.scheduled_version, s.scheduled_at, s.seen, s.seen)");
    return sql.toString();
  }

  /** By client id: two instances writing overlapping batches lock rows in the same order. */
  private static Batch sorted(Batch batch) {
    Integer[] order = new Integer[batch.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(
        order,
        Comparator.comparing((Integer i) -> batch.clientIds()[i])
            .thenComparing(i -> batch.profiles()[i].product));
    int n = batch.size();
    long[] keys = new long[n];
    String[] clients = new String[n];
    Profile[] profiles = new Profile[n];
    long[] at = new long[n];
    for (int i = 0; i < n; i++) {
      int from = order[i];
      keys[i] = batch.keys()[from];
      clients[i] = batch.clientIds()[from];
      profiles[i] = batch.profiles()[from];
      at[i] = batch.atMillis()[from];
    }
    return new Batch(batch.generation(), n, keys, clients, profiles, at);
  }

  /**
   * Adds the batch's new (product, channel, version) rows to fleet_versions. Each in its own
   * statement, outside the sightings' transaction: another instance adding the same row at the same
   * moment is a unique violation that only means the row is there.
   */
  private void recordVersions(Batch batch) throws SQLException {
    Set<Profile> fresh = new HashSet<>();
    for (int i = 0; i < batch.size(); i++) {
      if (!batch.profiles()[i].versionRecorded) {
        fresh.add(batch.profiles()[i]);
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    Set<List<String>> done = new HashSet<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement exists =
            connection.prepareStatement(
                "select 1 from fleet_versions where product = ? and channel = ? and version = ?");
        PreparedStatement insert =
            connection.prepareStatement(
                "insert into fleet_versions (product, channel, version) values (?, ?, ?)")) {
      connection.setAutoCommit(true);
      for (Profile profile : fresh) {
        if (done.add(List.of(profile.product, profile.channel, profile.version))) {
          for (PreparedStatement statement : List.of(exists, insert)) {
            statement.setString(1, profile.product);
            statement.setString(2, profile.channel);
            statement.setString(3, profile.version);
          }
          boolean present;
          try (ResultSet rs = exists.executeQuery()) {
            present = rs.next();
          }
          if (!present) {
            try {
              insert.executeUpdate();
            } catch (SQLException e) {
              if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
              }
            }
          }
        }
        profile.versionRecorded = true;
      }
    }
  }
}
