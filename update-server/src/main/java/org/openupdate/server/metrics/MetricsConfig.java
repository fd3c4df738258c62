package org.openupdate.server.metrics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "openupdate.metrics")
public interface MetricsConfig {

  /**
   * Channel heads whose series are created at 0 before any report, the most recently published (or
   * moved) first. About 80 series each: a catalog of a thousand products would otherwise cost
   * hundreds of thousands; rollouts under way always get theirs, other heads with their first
   * report.
   */
  @WithDefault("100")
  int zeroSeriesHeads();
}
