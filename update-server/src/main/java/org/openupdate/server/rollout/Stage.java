package org.openupdate.server.rollout;

import java.time.Duration;

/**
 * One rollout stage: the share of clients offered the release and how long the stage lasts at
 * least.
 */
public record Stage(int percentage, Duration minimumDuration) {

  public Stage {
    if (percentage < 1 || percentage > 100) {
      throw new IllegalArgumentException("rollout percentage must be 1..100, was " + percentage);
    }
    if (minimumDuration == null || minimumDuration.isNegative()) {
      throw new IllegalArgumentException(
          "stage minimum duration must be zero or positive, was " + minimumDuration);
    }
  }
}
