package org.openupdate.server.console.release;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openupdate.server.problem.Problem;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;
import org.openupdate.server.release.RolloutPlan;

/**
 * A rollout plan as a person types it: stages as {@code percentage[:minutes]} separated by spaces
 * or commas ({@code 5:60 25:1440 100}), and optional thresholds in percent. Empty stages: everyone
 * at once. Only the notation is read here; the publish service judges the plan as it judges the
 * API's.
 */
public record PlanForm(
    String stages, String minimumReports, String minimumSuccessRate, String maximumErrorRate) {

  static final PlanForm EMPTY = new PlanForm("", "", "", "");

  /** The plan, or null for everyone at once. */
  RolloutPlan toPlan() {
    List<Problem.FieldError> errors = new ArrayList<>();
    List<RolloutPlan.Stage> parsed = new ArrayList<>();
    String text = stages == null ? "" : stages.strip();
    if (!text.isEmpty()) {
      for (String item : text.split("[\\s,]+")) {
        String[] parts = item.replace("%", "").split(":", -1);
        Integer percentage = integer(parts[0]);
        Integer minutes = parts.length > 1 ? integer(parts[1]) : Integer.valueOf(0);
        if (percentage == null || minutes == null || parts.length > 2) {
          errors.add(
              new Problem.FieldError(
                  "stages",
                  "write each stage as percentage[:minutes], e.g. 5:60; was '" + item + "'"));
        } else {
          parsed.add(new RolloutPlan.Stage(percentage, minutes.longValue()));
        }
      }
    }
    Integer reports = optionalInteger("minimumReports", minimumReports, errors);
    Double success = optionalShare("minimumSuccessRate", minimumSuccessRate, errors);
    Double error = optionalShare("maximumErrorRate", maximumErrorRate, errors);
    if (!errors.isEmpty()) {
      throw new ProblemException(
          ProblemType.VALIDATION_FAILED,
          "rollout plan: "
              + String.join("; ", errors.stream().map(e -> e.field() + " " + e.message()).toList()),
          errors);
    }
    if (parsed.isEmpty()) {
      return null;
    }
    boolean anyThreshold = reports != null || success != null || error != null;
    return new RolloutPlan(
        parsed, anyThreshold ? new RolloutPlan.Thresholds(reports, success, error) : null);
  }

  private static Integer integer(String text) {
    try {
      return Integer.valueOf(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Integer optionalInteger(
      String field, String text, List<Problem.FieldError> errors) {
    if (text == null || text.isBlank()) {
      return null;
    }
    Integer value = integer(text);
    if (value == null) {
      errors.add(new Problem.FieldError(field, "must be a whole number, was '" + text + "'"));
    }
    return value;
  }

  /** A percentage as typed (99.5) as the share the plan holds (0.995). */
  private static Double optionalShare(String field, String text, List<Problem.FieldError> errors) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Double.parseDouble(text.strip().replace("%", "").replace(',', '.')) / 100;
    } catch (NumberFormatException e) {
      errors.add(
          new Problem.FieldError(
              field,
              String.format(Locale.ROOT, "must be a percentage such as 99.5, was '%s'", text)));
      return null;
    }
  }
}
