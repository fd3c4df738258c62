package org.openupdate.server.status;

import java.util.List;

/** Per release: how each channel's stages went, and which versions the product's clients run. */
public record StatusSummary(
    String product, String version, List<StageSummary> stages, List<Adoption> adoption) {

  /**
   * Rates are shares of the finished attempts (completed, failed or rolled back), so they add up to
   * 1; null before any finished. An attempt's outcome is its last one: a completed update rolled
   * back by hand counts as rolled back. Refusals are no attempts and not here. Recalled attempts (a
   * recall that took clients to this release) are not part of the release's own rollout and not in
   * the rates.
   *
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
      long recalls,
      Double successRate,
      Double failureRate,
      Double rollbackRate,
      Double p50Seconds,
      Double p90Seconds,
      Double p99Seconds) {}

  public record Adoption(String version, long clients) {}
}
