package org.openupdate.server.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openupdate.server.rollout.StageEvaluator.Verdict.Kind;

class StageEvaluatorTest {

  private static final Instant STARTED = Instant.parse("2026-03-15T00:00:00Z");

  /** The original design's production stages: 5% for 24h, 25% for 48h, 75% for 24h, then all. */
  private static final RolloutPlan PLAN =
      new RolloutPlan(
          List.of(
              new Stage(5, Duration.ofHours(24)),
              new Stage(25, Duration.ofHours(48)),
              new Stage(75, Duration.ofHours(24)),
              new Stage(100, Duration.ZERO)),
          Thresholds.DEFAULTS);

  @Test
  void shouldAdvanceWhenDurationPassedAndEnoughReportsSucceeded() {
    var verdict =
        StageEvaluator.evaluate(
            PLAN, 0, STARTED, new StageStats(100, 100, 0, 0), STARTED.plus(Duration.ofHours(24)));

    assertThat(verdict.kind()).isEqualTo(Kind.ADVANCE);
  }

  @Test
  void shouldHoldBeforeTheMinimumDuration() {
    var verdict =
        StageEvaluator.evaluate(
            PLAN, 0, STARTED, new StageStats(500, 500, 0, 0), STARTED.plus(Duration.ofHours(23)));

    assertThat(verdict.kind()).isEqualTo(Kind.HOLD);
    assertThat(verdict.reason()).contains("minimum");
  }

  @Test
  void shouldHoldWithTooFewReports() {
    var verdict =
        StageEvaluator.evaluate(
            PLAN, 0, STARTED, new StageStats(99, 99, 0, 0), STARTED.plus(Duration.ofDays(3)));

    assertThat(verdict.kind()).isEqualTo(Kind.HOLD);
    assertThat(verdict.reason()).contains("99 of 100");
  }

  @Test
  void shouldHoldWhenSuccessRateIsBelowThresholdButErrorsAreTolerated() {
    var plan = new RolloutPlan(PLAN.stages(), new Thresholds(10, 0.99, 0.2));
    var verdict =
        StageEvaluator.evaluate(
            plan, 0, STARTED, new StageStats(100, 95, 5, 0), STARTED.plus(Duration.ofDays(3)));

    assertThat(verdict.kind()).isEqualTo(Kind.HOLD);
    assertThat(verdict.reason()).contains("success rate");
  }

  @Test
  void shouldHaltWhenFailuresAndRollbacksExceedTheErrorRate() {
    var verdict =
        StageEvaluator.evaluate(
            PLAN, 1, STARTED, new StageStats(200, 196, 2, 2), STARTED.plus(Duration.ofHours(1)));

    assertThat(verdict.kind()).isEqualTo(Kind.HALT);
    assertThat(verdict.reason()).contains("4 of 200");
  }

  @Test
  void shouldHaltEarlyOnceTheErrorBudgetForMinimumReportsIsSpent() {
    var early =
        StageEvaluator.evaluate(
            PLAN, 0, STARTED, new StageStats(3, 1, 1, 1), STARTED.plus(Duration.ofMinutes(5)));
    var tolerated =
        StageEvaluator.evaluate(
            PLAN, 0, STARTED, new StageStats(3, 2, 1, 0), STARTED.plus(Duration.ofMinutes(5)));

    assertThat(early.kind()).isEqualTo(Kind.HALT);
    assertThat(tolerated.kind()).isEqualTo(Kind.HOLD);
  }

  @Test
  void shouldUsePerPlanThresholds() {
    var lenient =
        new RolloutPlan(
            List.of(new Stage(10, Duration.ofMinutes(10)), new Stage(100, Duration.ZERO)),
            new Thresholds(5, 0.8, 0.25));
    var verdict =
        StageEvaluator.evaluate(
            lenient, 0, STARTED, new StageStats(5, 4, 1, 0), STARTED.plus(Duration.ofMinutes(10)));

    assertThat(verdict.kind()).isEqualTo(Kind.ADVANCE);
  }

  @Test
  void shouldNeverAdvancePastTheLastStage() {
    var verdict =
        StageEvaluator.evaluate(
            PLAN, 3, STARTED, new StageStats(1000, 1000, 0, 0), STARTED.plus(Duration.ofDays(30)));

    assertThat(verdict.kind()).isEqualTo(Kind.HOLD);
  }

  @Test
  void shouldRejectPlansThatDoNotRiseToEveryone() {
    assertThatThrownBy(
            () -> new RolloutPlan(List.of(new Stage(50, Duration.ZERO)), Thresholds.DEFAULTS))
        .hasMessageContaining("100%");
    assertThatThrownBy(
            () ->
                new RolloutPlan(
                    List.of(new Stage(50, Duration.ZERO), new Stage(25, Duration.ZERO)),
                    Thresholds.DEFAULTS))
        .hasMessageContaining("must rise");
    assertThatThrownBy(() -> new Stage(140, Duration.ZERO)).hasMessageContaining("was 140");
  }
}
