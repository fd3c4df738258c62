package org.openupdate.server.release;

import java.util.ArrayList;
import java.util.List;
import org.openupdate.server.problem.Problem;

/**
 * Staged rollout given when a release is put on a channel, e.g. {@code
 * {"stages":[{"percentage":5,"minimumDurationMinutes":60},{"percentage":100}]}}. Stored as given;
 * the rollout feature advances through it.
 */
public record RolloutPlan(List<Stage> stages) {

  public record Stage(Integer percentage, Integer minimumDurationMinutes) {}

  /** Every problem with the plan, each named by its JSON pointer in the request body. */
  List<Problem.FieldError> problems(String pointer) {
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
      Integer minutes = stage.minimumDurationMinutes();
      if (minutes != null && minutes < 0) {
        errors.add(
            new Problem.FieldError(
                at + "/minimumDurationMinutes", "must be 0 or more, was " + minutes));
      }
    }
    return errors;
  }
}
