package org.openupdate.server.rollout;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;

/** A rollout plan on the wire: stages and, optionally, the thresholds that drive them. */
public record PlanRequest(
    @NotEmpty List<@Valid @NotNull StageRequest> stages, ThresholdsRequest thresholds) {

  public record StageRequest(int percentage, long minimumDurationMinutes) {}

  public record ThresholdsRequest(
      Integer minimumReports, Double minimumSuccessRate, Double maximumErrorRate) {}

  RolloutPlan toPlan() {
    try {
      Thresholds d = Thresholds.DEFAULTS;
      Thresholds limits =
          thresholds == null
              ? d
              : new Thresholds(
                  thresholds.minimumReports() == null
                      ? d.minimumReports()
                      : thresholds.minimumReports(),
                  thresholds.minimumSuccessRate() == null
                      ? d.minimumSuccessRate()
                      : thresholds.minimumSuccessRate(),
                  thresholds.maximumErrorRate() == null
                      ? d.maximumErrorRate()
                      : thresholds.maximumErrorRate());
      return new RolloutPlan(
          stages.stream()
              .map(s -> new Stage(s.percentage(), Duration.ofMinutes(s.minimumDurationMinutes())))
              .toList(),
          limits);
    } catch (IllegalArgumentException e) {
      throw org.openupdate.server.problem.ProblemException.invalidField("plan", e.getMessage());
    }
  }
}
