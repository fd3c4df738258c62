package org.openupdate.server.status;

import java.util.List;

/** Per release: how each channel's stages went, and which versions the product's clients run. */
public record StatusSummary(
    String product, String version, List<StageSummary> stages, List<Adoption> adoption) {

  /**
   * @param successRate completed share of finished attempts, null before any finished
   * @param p50Seconds download plus install time percentiles of completed attempts, null without
   *     any
   */
  public record StageSummary(
      String channel,
      int stage,
      long attempts,
      long successes,
      long failures,
      long rollbacks,
      Double successRate,
      Double p50Seconds,
      Double p90Seconds,
      Double p99Seconds) {}

  public record Adoption(String version, long clients) {}
}
