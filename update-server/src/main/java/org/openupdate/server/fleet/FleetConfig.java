package org.openupdate.server.fleet;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "openupdate.fleet")
public interface FleetConfig {

  /**
   * Distinct clients waiting to be written; beyond it a sighting is shed (counted, logged once a
   * minute, recorded on the client's next poll), so memory stays bounded when the database stalls.
   */
  @WithDefault("500000")
  int maxPending();

  /** Pending clients that start a flush before the interval is up. */
  @WithDefault("20000")
  int flushSize();

  /** How often pending sightings are written. */
  @WithDefault("5s")
  Duration flushInterval();

  /**
   * A known client's unchanged poll refreshes its last-seen at most this often: the fleet view and
   * stale-after count in days, so a minute's precision costs nothing and saves a write per poll.
   */
  @WithDefault("60s")
  Duration lastSeenResolution();

  /**
   * Clients this instance remembers as written (16 to 32 bytes each); beyond it the memory is
   * cleared and every client is written once more.
   */
  @WithDefault("2000000")
  int knownClients();

  /**
   * A client not seen for this long is {@code stale}: its drift is unknown, and the client gauges
   * no longer count it (a machine switched off for good would otherwise be counted for ever).
   */
  @WithDefault("7d")
  Duration staleAfter();

  /**
   * How often the fleet gauges are counted (read by the schedule's expression): one grouped scan of
   * fleet_clients, so not on every scrape or flush.
   */
  @WithDefault("60s")
  Duration gaugeInterval();
}
