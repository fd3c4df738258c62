package org.openupdate.server.rollout;

import java.time.Instant;

/** A publication's rollout as loaded into the snapshot. */
public record RolloutView(
    long publicationId,
    String product,
    String version,
    String channel,
    RolloutPlan plan,
    int stageIndex,
    Instant stageStartedAt,
    RolloutState state,
    String publishedBy) {

  /** Share of clients offered the release right now. */
  public int percentage() {
    return switch (state) {
      case ACTIVE, PAUSED -> plan.stage(stageIndex).percentage();
      case AWAITING_APPROVAL, HALTED -> 0;
    };
  }

  public boolean halted() {
    return state == RolloutState.HALTED;
  }
}
