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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.openupdate.server.metrics.UpdateMetrics;
import org.openupdate.server.metrics.UpdateMetrics.ClientCount;

/**
 * Last-seen versions, written behind: a poll only puts its sighting in a map (the newest per client
 * wins), and the scheduler writes the map in one batch. Thousands of polls cost one transaction.
 */
@ApplicationScoped
public class FleetRecorder {

  private static final Logger LOG = Logger.getLogger(FleetRecorder.class);

  @Inject DataSource dataSource;
  @Inject FleetConfig config;
  @Inject UpdateMetrics metrics;

  private final Map<String, Sighting> pending = new ConcurrentHashMap<>();

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
      write(batch.stream().map(Map.Entry::getValue).toList());
      batch.forEach(e -> pending.remove(e.getKey(), e.getValue()));
      publishCounts();
    }
    return batch.size();
  }

  private void write(List<Sighting> sightings) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        int[] updated;
        try (PreparedStatement update =
            connection.prepareStatement(
                "update fleet_clients set channel = ?, version = ?, platform = ?,"
                    + " agent_version = ?, last_seen = ? where client_id = ? and product = ?")) {
          for (Sighting s : sightings) {
            update.setString(1, s.channel());
            update.setString(2, s.version());
            update.setString(3, s.platform());
            update.setString(4, s.agentVersion());
            update.setTimestamp(5, Timestamp.from(s.at()));
            update.setString(6, s.clientId());
            update.setString(7, s.product());
            update.addBatch();
          }
          updated = update.executeBatch();
        }
        try (PreparedStatement insert =
            connection.prepareStatement(
                "insert into fleet_clients (client_id, product, channel, version, platform,"
                    + " agent_version, first_seen, last_seen) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
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

  private void publishCounts() throws SQLException {
    List<ClientCount> counts = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "select product, channel, version, count(*) from fleet_clients"
                    + " group by product, channel, version");
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        counts.add(
            new ClientCount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
      }
    }
    metrics.clients(counts);
  }
}
