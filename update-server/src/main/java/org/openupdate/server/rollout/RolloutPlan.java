package org.openupdate.server.rollout;

import java.time.Duration;
import java.util.List;

/**
 * Stages with strictly rising percentages, the last one at 100%, and the thresholds that drive
 * them.
 */
public record RolloutPlan(List<Stage> stages, Thresholds thresholds) {

  public RolloutPlan {
    if (stages == null || stages.isEmpty()) {
      throw new IllegalArgumentException("a rollout plan needs at least one stage");
    }
    stages = List.copyOf(stages);
    for (int i = 1; i < stages.size(); i++) {
      if (stages.get(i).percentage() <= stages.get(i - 1).percentage()) {
        throw new IllegalArgumentException(
            "stage percentages must rise, stage "
                + i
                + " has "
                + stages.get(i).percentage()
                + " after "
                + stages.get(i - 1).percentage());
      }
    }
    if (stages.get(stages.size() - 1).percentage() != 100) {
      throw new IllegalArgumentException(
          "the last stage must reach 100%, was " + stages.get(stages.size() - 1).percentage());
    }
    thresholds = thresholds == null ? Thresholds.DEFAULTS : thresholds;
  }

  /** Everyone at once: what a release gets when it is published without a plan. */
  public static RolloutPlan immediate() {
    return new RolloutPlan(List.of(new Stage(100, Duration.ZERO)), Thresholds.DEFAULTS);
  }

  public Stage stage(int index) {
    return stages.get(index);
  }

  public boolean isLastStage(int index) {
    return index == stages.size() - 1;
  }
}
