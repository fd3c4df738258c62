package org.openupdate.server.fleet;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Last-seen versions, written behind: a poll only puts its sighting in a map (the newest per client
 * wins), and the scheduler writes the map in one batch. Thousands of polls cost one transaction.
 */
@ApplicationScoped
public class FleetRecorder {

  private static final Logger LOG = Logger.getLogger(FleetRecorder.class);
  private static final String UNIQUE_VIOLATION = "23505";

  /**
   * Enough for every version a fleet runs at once; beyond it, versions are looked up each flush.
   */
  private static final int MAX_KNOWN_VERSIONS = 100_000;

  @Inject DataSource dataSource;
  @Inject FleetConfig config;

  private final Map<String, Sighting> pending = new ConcurrentHashMap<>();

  /** (product, channel, version) rows this instance knows fleet_versions holds. */
  private final Set<String> knownVersions = ConcurrentHashMap.newKeySet();

  public void seen(Sighting sighting) {
    if (pending.size() >= config.maxPending()) {
      return;
    }
    pending.put(sighting.clientId() + '\u0000' + sighting.product(), sighting);
  }

  @Scheduled(
      every = "${openupdate.fleet.flush-interval:5s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduledFlush() {
    try {
      flush();
    } catch (SQLException e) {
      LOG.warn("fleet flush failed, sightings kept for the next one: " + e.getMessage());
    }
  }

  /**
   * Writes every buffered sighting; those that fail stay buffered unless a newer one replaced them.
   */
  public synchronized int flush() throws SQLException {
    List<Map.Entry<String, Sighting>> batch = new ArrayList<>(pending.entrySet());
    if (!batch.isEmpty()) {
      List<Sighting> sightings = batch.stream().map(Map.Entry::getValue).toList();
      // Versions first: a client row whose version the state filter cannot find would be missed.
      recordVersions(sightings);
      write(sightings);
      batch.forEach(e -> pending.remove(e.getKey(), e.getValue()));
    }
    return batch.size();
  }

  /**
   * Adds the batch's new (product, channel, version) rows to fleet_versions. Each in its own
   * statement, outside the sightings' transaction: another instance adding the same row at the same
   * moment is a unique violation that only means the row is there.
   */
  private void recordVersions(List<Sighting> sightings) throws SQLException {
    Map<String, Sighting> fresh = new LinkedHashMap<>();
    for (Sighting s : sightings) {
      String key = s.product() + '\u0000' + s.channel() + '\u0000' + s.version();
      if (!knownVersions.contains(key)) {
        fresh.putIfAbsent(key, s);
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement exists =
            connection.prepareStatement(
                "select 1 from fleet_versions where product = ? and channel = ? and version = ?");
        PreparedStatement insert =
            connection.prepareStatement(
                "insert into fleet_versions (product, channel, version) values (?, ?, ?)")) {
      connection.setAutoCommit(true);
      for (Map.Entry<String, Sighting> entry : fresh.entrySet()) {
        Sighting s = entry.getValue();
        for (PreparedStatement statement : List.of(exists, insert)) {
          statement.setString(1, s.product());
          statement.setString(2, s.channel());
          statement.setString(3, s.version());
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
        if (knownVersions.size() < MAX_KNOWN_VERSIONS) {
          knownVersions.add(entry.getKey());
        }
      }
    }
  }

  private static Timestamp timestamp(java.time.Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private void write(List<Sighting> sightings) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        int[] updated;
        try (PreparedStatement update =
            connection.prepareStatement(
                "update fleet_clients set channel = ?, version = ?, platform = ?,"
                    + " agent_version = ?, last_seen = ?, dismissed_versions = ?,"
                    + " scheduled_version = ?, scheduled_at = ? where client_id = ? and product = ?")) {
          for (Sighting s : sightings) {
            update.setString(1, s.channel());
            update.setString(2, s.version());
            update.setString(3, s.platform());
            update.setString(4, s.agentVersion());
            update.setTimestamp(5, Timestamp.from(s.at()));
            update.setString(6, s.dismissedVersions());
            update.setString(7, s.scheduledVersion());
            update.setTimestamp(8, timestamp(s.scheduledAt()));
            update.setString(9, s.clientId());
            update.setString(10, s.product());
            update.addBatch();
          }
          updated = update.executeBatch();
        }
        try (PreparedStatement insert =
            connection.prepareStatement(
                "insert into fleet_clients (client_id, product, channel, version, platform,"
                    + " agent_version, first_seen, last_seen, dismissed_versions,"
                    + " scheduled_version, scheduled_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          for (int i = 0; i < sightings.size(); i++) {
            if (updated[i] == 0) {
              Sighting s = sightings.get(i);
              insert.setString(1, s.clientId());
              insert.setString(2, s.product());
              insert.setString(3, s.channel());
              insert.setString(4, s.version());
              insert.setString(5, s.platform());
              insert.setString(6, s.agentVersion());
              insert.setTimestamp(7, Timestamp.from(s.at()));
              insert.setTimestamp(8, Timestamp.from(s.at()));
              insert.setString(9, s.dismissedVersions());
              insert.setString(10, s.scheduledVersion());
              insert.setTimestamp(11, timestamp(s.scheduledAt()));
              insert.addBatch();
            }
          }
          insert.executeBatch();
        }
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
    }
  }
}
