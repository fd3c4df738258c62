package org.openupdate.server.rollout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openupdate.server.problem.Problem;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;
import org.openupdate.server.problem.RefuseUnknownFields;

/**
 * A rollout plan on the wire, one shape wherever it appears: the {@code rolloutPlan} of publish and
 * promote, the body of {@code PUT .../plan}, and the {@code plan} of every rollout answer, e.g.
 * {@code {"stages":[{"percentage":5,"minimumDurationMinutes":60},{"percentage":100,
 * "minimumDurationMinutes":0}],"thresholds":{"minimumReports":100,"minimumSuccessRate":0.99,
 * "maximumErrorRate":0.01}}}. Durations are whole minutes, as in publish.sh and the release
 * policy's {@code minimumSoakMinutes}. Answers fill in everything: default thresholds, and the
 * final 100% stage a plan gets when its last stage is below 100%.
 */
@RefuseUnknownFields
public record PlanBody(List<StageBody> stages, ThresholdsBody thresholds) {

  @RefuseUnknownFields
  public record StageBody(Integer percentage, Long minimumDurationMinutes) {}

  @RefuseUnknownFields
  public record ThresholdsBody(
      Integer minimumReports, Double minimumSuccessRate, Double maximumErrorRate) {}

  static PlanBody of(RolloutPlan plan) {
    return new PlanBody(
        plan.stages().stream()
            .map(s -> new StageBody(s.percentage(), s.minimumDuration().toMinutes()))
            .toList(),
        new ThresholdsBody(
            plan.thresholds().minimumReports(),
            plan.thresholds().minimumSuccessRate(),
            plan.thresholds().maximumErrorRate()));
  }

  /**
   * The plan, read by the same rules as a published one (absent durations are 0, absent thresholds
   * take their defaults, a final 100% stage is added when missing).
   *
   * @throws ProblemException 400 listing every bad field by its JSON pointer in this body
   */
  RolloutPlan toPlan() {
    List<Problem.FieldError> errors = problems();
    if (!errors.isEmpty()) {
      throw new ProblemException(
          ProblemType.VALIDATION_FAILED,
          "rollout plan has "
              + errors.size()
              + " problem(s): "
              + String.join("; ", errors.stream().map(e -> e.field() + " " + e.message()).toList()),
          errors);
    }
    List<Stage> planned = new ArrayList<>();
    for (StageBody stage : stages) {
      long minutes = stage.minimumDurationMinutes() == null ? 0 : stage.minimumDurationMinutes();
      planned.add(new Stage(stage.percentage(), Duration.ofMinutes(minutes)));
    }
    if (planned.get(planned.size() - 1).percentage() < 100) {
      planned.add(new Stage(100, Duration.ZERO));
    }
    Thresholds d = Thresholds.DEFAULTS;
    Thresholds limits =
        thresholds == null
            ? d
            : new Thresholds(
                orDefault(thresholds.minimumReports(), d.minimumReports()),
                orDefault(thresholds.minimumSuccessRate(), d.minimumSuccessRate()),
                orDefault(thresholds.maximumErrorRate(), d.maximumErrorRate()));
    return new RolloutPlan(planned, limits);
  }

  /** The rules of a published plan ({@link RolloutPlan#problems}), pointers into this body. */
  private List<Problem.FieldError> problems() {
    return new org.openupdate.server.release.RolloutPlan(
            stages == null
                ? null
                : stages.stream()
                    .map(
                        s ->
                            s == null
                                ? null
                                : new org.openupdate.server.release.RolloutPlan.Stage(
                                    s.percentage(), s.minimumDurationMinutes()))
                    .toList(),
            thresholds == null
                ? null
                : new org.openupdate.server.release.RolloutPlan.Thresholds(
                    thresholds.minimumReports(),
                    thresholds.minimumSuccessRate(),
                    thresholds.maximumErrorRate()))
        .problems("");
  }

  private static <T> T orDefault(T value, T fallback) {
    return value == null ? fallback : value;
  }
}
