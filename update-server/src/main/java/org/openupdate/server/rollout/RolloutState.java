package org.openupdate.server.rollout;

/** Where a rollout stands. Only ACTIVE rollouts advance on their own. */
public enum RolloutState {
  /**
   * The product's policy asks for an approver other than the publisher; nobody is offered it yet.
   */
  AWAITING_APPROVAL,
  ACTIVE,
  /** Clients inside the current stage keep being offered it; it does not advance. */
  PAUSED,
  /** No client is offered it any more. */
  HALTED
}
