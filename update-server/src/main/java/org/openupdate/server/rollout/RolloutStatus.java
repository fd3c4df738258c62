package org.openupdate.server.rollout;

import java.time.Instant;
import java.util.List;

/**
 * A rollout as admins see it, with the current stage's report counts. {@code plan} has the shape of
 * the PUT body and of publish's {@code rolloutPlan} (durations in minutes); {@code actions} are
 * what the rollout's state allows now.
 *
 * @param refused agents on the channel that refused the release (a refusal is no attempt: the
 *     release was not installed, so it never counts as a failure)
 */
public record RolloutStatus(
    String product,
    String version,
    String channel,
    RolloutState state,
    int stage,
    int percentage,
    Instant stageStartedAt,
    PlanBody plan,
    StageStats currentStage,
    long refused,
    List<RolloutAction> actions) {

  /** The current stage counted from 1, as people count. */
  public int stageNumber() {
    return stage + 1;
  }

  public boolean halted() {
    return state == RolloutState.HALTED;
  }

  /** Still moving or stopped on the way: not yet everyone, or not running. */
  public boolean inProgress() {
    return state != RolloutState.ACTIVE || stage < plan.stages().size() - 1;
  }
}
