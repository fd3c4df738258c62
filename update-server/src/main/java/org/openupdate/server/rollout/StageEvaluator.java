package org.openupdate.server.rollout;

import java.time.Duration;
import java.time.Instant;

/**
 * Decides whether a running stage advances, halts or holds. Pure: the caller passes the time, so
 * tests drive it with a fixed clock.
 */
public final class StageEvaluator {

  /** The outcome with a reason fit for the audit log and the webhook. */
  public record Verdict(Kind kind, String reason) {
    public enum Kind {
      ADVANCE,
      HALT,
      HOLD
    }
  }

  private StageEvaluator() {}

  public static Verdict evaluate(
      RolloutPlan plan, int stageIndex, Instant stageStartedAt, StageStats stats, Instant now) {
    Thresholds limits = plan.thresholds();
    long bad = stats.failures() + stats.rollbacks();
    // Until the stage has its minimum number of reports the denominator is that minimum: a rollout
    // halts as soon as its failures could no longer stay within the limit, without waiting for N
    // reports, yet a single early failure does not halt a plan that tolerates it.
    double errorRate = (double) bad / Math.max(stats.finished(), limits.minimumReports());
    if (bad > 0 && errorRate > limits.maximumErrorRate()) {
      return new Verdict(
          Verdict.Kind.HALT,
          String.format(
              "%d of %d finished updates failed or rolled back (%.2f%% > %.2f%% allowed)",
              bad,
              stats.finished(),
              100.0 * bad / stats.finished(),
              100.0 * limits.maximumErrorRate()));
    }
    if (plan.isLastStage(stageIndex)) {
      return new Verdict(Verdict.Kind.HOLD, "last stage reached");
    }
    Duration elapsed = Duration.between(stageStartedAt, now);
    Duration minimum = plan.stage(stageIndex).minimumDuration();
    if (elapsed.compareTo(minimum) < 0) {
      return new Verdict(
          Verdict.Kind.HOLD, "stage has run " + elapsed + " of its minimum " + minimum);
    }
    if (stats.finished() < limits.minimumReports()) {
      return new Verdict(
          Verdict.Kind.HOLD,
          stats.finished() + " of " + limits.minimumReports() + " reports needed to advance");
    }
    if (stats.successRate() < limits.minimumSuccessRate()) {
      return new Verdict(
          Verdict.Kind.HOLD,
          String.format(
              "success rate %.2f%% below %.2f%%",
              100 * stats.successRate(), 100 * limits.minimumSuccessRate()));
    }
    return new Verdict(
        Verdict.Kind.ADVANCE,
        String.format(
            "%d reports, success rate %.2f%% after %s",
            stats.finished(), 100 * stats.successRate(), elapsed));
  }
}
