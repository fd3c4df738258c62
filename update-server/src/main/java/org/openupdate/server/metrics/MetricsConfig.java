package org.openupdate.server.metrics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "openupdate.metrics")
public interface MetricsConfig {

  /**
   * Per product and channel, how many releases (newest first) get their series created at 0 before
   * any report. About 80 series each: a catalog of a thousand releases would otherwise cost tens of
   * megabytes of heap and scrape; older releases get theirs with their first report, as before.
   */
  @WithDefault("20")
  int zeroSeriesReleases();
}
