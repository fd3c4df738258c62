package org.openupdate.server.fleet;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "openupdate.fleet")
public interface FleetConfig {

  /**
   * Distinct clients buffered between flushes; beyond it new sightings wait for the next poll (the
   * client polls again), so memory stays bounded under a flood of ids.
   */
  @WithDefault("200000")
  int maxPending();

  /** How often buffered sightings are written (read by the flush schedule's expression). */
  @WithDefault("5s")
  Duration flushInterval();

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
