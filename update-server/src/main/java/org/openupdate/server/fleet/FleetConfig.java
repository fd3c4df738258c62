package org.openupdate.server.fleet;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "openupdate.fleet")
public interface FleetConfig {

  /**
   * Distinct clients buffered between flushes; beyond it new sightings wait for the next poll (the
   * client polls again), so memory stays bounded under a flood of ids.
   */
  @WithDefault("200000")
  int maxPending();
}
