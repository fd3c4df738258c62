package org.openupdate.client.internal.state;

import java.time.Instant;

/**
 * What the agent is doing, persisted after every step so a restart knows where it stopped.
 *
 * @param fromVersion the version {@code current} pointed at before this update ("" for none)
 * @param toVersion the version being installed
 * @param backupDir the backup taken for this update, once complete; null before
 * @param reason why the last terminal state was reached, for {@code status}
 */
public record Transaction(
    AgentState state,
    String fromVersion,
    String toVersion,
    String backupDir,
    Instant startedAt,
    Instant updatedAt,
    String reason) {

  public static Transaction idle(Instant now) {
    return new Transaction(AgentState.IDLE, null, null, null, now, now, null);
  }

  /** The same transaction in {@code next}; refuses a move the state machine does not allow. */
  public Transaction moveTo(AgentState next, Instant now, String why) {
    if (!state.canMoveTo(next)) {
      throw new IllegalStateException(
          "agent cannot move from " + state.wireName() + " to " + next.wireName());
    }
    return new Transaction(next, fromVersion, toVersion, backupDir, startedAt, now, why);
  }

  public Transaction start(AgentState first, String from, String to, Instant now) {
    if (!state.canMoveTo(first)) {
      throw new IllegalStateException(
          "agent cannot move from " + state.wireName() + " to " + first.wireName());
    }
    return new Transaction(first, from, to, null, now, now, null);
  }

  public Transaction withBackup(String dir) {
    return new Transaction(state, fromVersion, toVersion, dir, startedAt, updatedAt, reason);
  }
}
