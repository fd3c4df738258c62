package org.openupdate.server.rollout;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a person may do to a rollout, and in which states: the one rule the service enforces and the
 * console and API answers show, so that no page offers what the server would refuse.
 */
public enum RolloutAction {
  APPROVE,
  ADVANCE,
  PAUSE,
  RESUME,
  HALT;

  public boolean allowed(RolloutState state, boolean atLastStage) {
    return switch (this) {
      case APPROVE -> state == RolloutState.AWAITING_APPROVAL;
      case ADVANCE ->
          state != RolloutState.AWAITING_APPROVAL && state != RolloutState.HALTED && !atLastStage;
      case PAUSE -> state == RolloutState.ACTIVE;
      case RESUME -> state == RolloutState.PAUSED || state == RolloutState.HALTED;
      case HALT -> state != RolloutState.HALTED;
    };
  }

  /** Every action the rollout allows now, in the order a page shows them. */
  public static List<RolloutAction> available(RolloutState state, boolean atLastStage) {
    return Arrays.stream(values()).filter(a -> a.allowed(state, atLastStage)).toList();
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
