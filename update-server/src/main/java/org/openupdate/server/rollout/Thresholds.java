package org.openupdate.server.rollout;

/**
 * When a stage may advance and when a rollout halts. Defaults from the original design's canary
 * criteria: success rate above 99%, error rate below 1%.
 *
 * @param minimumReports finished updates (completed, failed or rolled back) a stage needs before it
 *     may advance
 * @param minimumSuccessRate share of finished updates that completed, needed to advance (0..1)
 * @param maximumErrorRate share of failed plus rolled-back updates above which the rollout halts
 *     (0..1)
 */
public record Thresholds(int minimumReports, double minimumSuccessRate, double maximumErrorRate) {

  public static final Thresholds DEFAULTS = new Thresholds(100, 0.99, 0.01);

  public Thresholds {
    if (minimumReports < 1) {
      throw new IllegalArgumentException(
          "minimumReports must be at least 1, was " + minimumReports);
    }
    if (minimumSuccessRate < 0 || minimumSuccessRate > 1) {
      throw new IllegalArgumentException(
          "minimumSuccessRate must be 0..1, was " + minimumSuccessRate);
    }
    if (maximumErrorRate < 0 || maximumErrorRate > 1) {
      throw new IllegalArgumentException("maximumErrorRate must be 0..1, was " + maximumErrorRate);
    }
  }
}
