package org.openupdate.server.release;

import java.util.Optional;

/**
 * CDI event fired when what clients may be offered changes (observe it with {@code @Observes(during
 * = TransactionPhase.AFTER_SUCCESS)} to rebuild a snapshot). {@code channel} is the channel
 * affected. A pull carries its reason and, for a recall, the release clients are offered instead.
 */
public record ReleaseChanged(
    String product,
    String version,
    String channel,
    Kind kind,
    Optional<String> reason,
    Optional<String> recallTarget) {

  /** A publication or promotion. */
  public ReleaseChanged(String product, String version, String channel, Kind kind) {
    this(product, version, channel, kind, Optional.empty(), Optional.empty());
  }

  public enum Kind {
    PUBLISHED,
    PROMOTED,
    PULLED
  }
}
