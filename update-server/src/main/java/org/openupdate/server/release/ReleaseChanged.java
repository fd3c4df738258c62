package org.openupdate.server.release;

/**
 * CDI event fired when what clients may be offered changes (observe it with {@code @Observes(during
 * = TransactionPhase.AFTER_SUCCESS)} to rebuild a snapshot). {@code channel} is the channel
 * affected.
 */
public record ReleaseChanged(String product, String version, String channel, Kind kind) {

  public enum Kind {
    PUBLISHED,
    PROMOTED,
    PULLED
  }
}
