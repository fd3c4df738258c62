package org.openupdate.server.fleet;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.openupdate.server.fleet.FleetViews.ChannelSummary;
import org.openupdate.server.metrics.UpdateMetrics;
import org.openupdate.server.metrics.UpdateMetrics.ClientCount;
import org.openupdate.server.metrics.UpdateMetrics.DriftCount;

/**
 * Counts the fleet for the gauges on a timer: one grouped scan of fleet_clients per interval,
 * whatever the number of scrapes or sightings, and scrapes read the last counts.
 */
@ApplicationScoped
public class FleetGauges {

  private static final Logger LOG = Logger.getLogger(FleetGauges.class);

  @Inject FleetService fleet;
  @Inject UpdateMetrics metrics;

  @Scheduled(
      every = "${openupdate.fleet.gauge-interval:60s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduledRefresh() {
    try {
      refresh();
    } catch (SQLException e) {
      LOG.warn("fleet gauges not counted, the last counts stay: " + e.getMessage());
    }
  }

  /**
   * {@code update_clients} per version (clients seen within the stale window) and {@code
   * update_fleet_clients} per drift state (every client, stale ones as {@code stale}).
   */
  public void refresh() throws SQLException {
    List<ClientCount> versions = new ArrayList<>();
    List<DriftCount> drift = new ArrayList<>();
    for (ChannelSummary channel : fleet.summary(null).channels()) {
      String product = channel.product();
      String name = channel.channel();
      channel
          .versions()
          .forEach(v -> versions.add(new ClientCount(product, name, v.version(), v.clients())));
      drift.add(new DriftCount(product, name, Drift.CURRENT.json(), channel.drift().current()));
      drift.add(new DriftCount(product, name, Drift.BEHIND.json(), channel.drift().behind()));
      drift.add(new DriftCount(product, name, Drift.ON_PULLED.json(), channel.drift().onPulled()));
      drift.add(new DriftCount(product, name, Drift.STALE.json(), channel.drift().stale()));
    }
    metrics.clients(versions);
    metrics.fleetClients(drift);
  }
}
