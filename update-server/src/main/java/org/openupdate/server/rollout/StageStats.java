package org.openupdate.server.rollout;

/** What the clients of one rollout stage reported: attempts and how the finished ones ended. */
public record StageStats(long attempts, long successes, long failures, long rollbacks) {

  public static final StageStats NONE = new StageStats(0, 0, 0, 0);

  public long finished() {
    return successes + failures + rollbacks;
  }

  /** Completed share of finished updates, 0 when none finished yet. */
  public double successRate() {
    long finished = finished();
    return finished == 0 ? 0.0 : (double) successes / finished;
  }
}
