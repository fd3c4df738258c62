package org.openupdate.server.release;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import org.openupdate.server.problem.Problem;
import org.openupdate.server.problem.RefuseUnknownFields;

/**
 * Staged rollout given when a release is put on a channel, e.g. {@code
 * {"stages":[{"percentage":5,"minimumDurationMinutes":60},{"percentage":100}],
 * "thresholds":{"minimumReports":100,"minimumSuccessRate":0.99,"maximumErrorRate":0.01}}}. Stored
 * as given; the rollout feature advances through it, with its defaults for absent thresholds.
 */
@RefuseUnknownFields
public record RolloutPlan(List<Stage> stages, Thresholds thresholds) {

  /** Ten years; longer is a typo, and a stage's duration must fit a {@link java.time.Duration}. */
  public static final long MAX_STAGE_MINUTES = 10L * 366 * 24 * 60;

  @RefuseUnknownFields
  public record Stage(Integer percentage, Long minimumDurationMinutes) {}

  /** When a stage advances and when the rollout halts; each field is optional. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @RefuseUnknownFields
  public record Thresholds(
      Integer minimumReports, Double minimumSuccessRate, Double maximumErrorRate) {}

  /**
   * Every problem with the plan, each named by its JSON pointer in the request body; the one set of
   * rules for a plan wherever it is given (publish, promote, {@code PUT .../plan}, the console).
   */
  public List<Problem.FieldError> problems(String pointer) {
    List<Problem.FieldError> errors = new ArrayList<>();
    if (stages == null || stages.isEmpty()) {
      errors.add(new Problem.FieldError(pointer + "/stages", "must list at least one stage"));
      return errors;
    }
    int previous = 0;
    for (int i = 0; i < stages.size(); i++) {
      Stage stage = stages.get(i);
      String at = pointer + "/stages/" + i;
      if (stage == null) {
        errors.add(new Problem.FieldError(at, "must be an object"));
        continue;
      }
      Integer p = stage.percentage();
      if (p == null || p < 1 || p > 100) {
        errors.add(new Problem.FieldError(at + "/percentage", "must be 1..100, was " + p));
      } else if (p <= previous) {
        errors.add(
            new Problem.FieldError(
                at + "/percentage",
                "must be more than the previous stage's " + previous + ", was " + p));
      } else {
        previous = p;
      }
      Long minutes = stage.minimumDurationMinutes();
      if (minutes != null && (minutes < 0 || minutes > MAX_STAGE_MINUTES)) {
        errors.add(
            new Problem.FieldError(
                at + "/minimumDurationMinutes",
                "must be 0.." + MAX_STAGE_MINUTES + " (ten years), was " + minutes));
      }
    }
    if (thresholds != null) {
      String at = pointer + "/thresholds";
      if (thresholds.minimumReports() != null && thresholds.minimumReports() < 1) {
        errors.add(
            new Problem.FieldError(
                at + "/minimumReports", "must be at least 1, was " + thresholds.minimumReports()));
      }
      rate(errors, at + "/minimumSuccessRate", thresholds.minimumSuccessRate());
      rate(errors, at + "/maximumErrorRate", thresholds.maximumErrorRate());
    }
    return errors;
  }

  private static void rate(List<Problem.FieldError> errors, String at, Double rate) {
    if (rate != null && (rate < 0 || rate > 1)) {
      errors.add(new Problem.FieldError(at, "must be 0..1, was " + rate));
    }
  }
}
