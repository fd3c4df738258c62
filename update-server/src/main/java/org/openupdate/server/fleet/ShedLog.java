package org.openupdate.server.fleet;

import java.time.Duration;
import java.util.Optional;

/**
 * Decides when to say that sightings were shed: at most once a minute, with how many since it last
 * said so, so a flood is neither silent nor a log line per poll.
 */
final class ShedLog {

  private static final long EVERY_MILLIS = Duration.ofMinutes(1).toMillis();

  private final int maxPending;
  private long logged;
  private long nextAt = Long.MIN_VALUE;

  ShedLog(int maxPending) {
    this.maxPending = maxPending;
  }

  /**
   * @param shed sightings shed since the start
   * @return the line to log now, if one is due
   */
  synchronized Optional<String> due(long shed, long nowMillis) {
    if (shed <= logged || nowMillis < nextAt) {
      return Optional.empty();
    }
    String line =
        (shed - logged)
            + " fleet sightings shed ("
            + shed
            + " since start): "
            + maxPending
            + " clients were already waiting to be written (openupdate.fleet.max-pending);"
            + " the shed ones are recorded when they poll again";
    logged = shed;
    nextAt = nowMillis + EVERY_MILLIS;
    return Optional.of(line);
  }
}
