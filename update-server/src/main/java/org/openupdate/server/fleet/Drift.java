package org.openupdate.server.fleet;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/** How a client stands against its channel, as the fleet page and the drift gauge name it. */
public enum Drift {
  /** Runs the channel head or newer (nothing published on the channel is newer). */
  CURRENT("current"),
  /** Active releases on its channel (or a channel it follows) are newer than what it runs. */
  BEHIND("behind"),
  /** Runs a release that was pulled and is no longer active on its channel. */
  ON_PULLED("on-pulled"),
  /** Not seen for {@code openupdate.fleet.stale-after}: what it runs now is unknown. */
  STALE("stale");

  private final String json;

  Drift(String json) {
    this.json = json;
  }

  @JsonValue
  public String json() {
    return json;
  }

  static Optional<Drift> parse(String text) {
    for (Drift drift : values()) {
      if (drift.json.equals(text)) {
        return Optional.of(drift);
      }
    }
    return Optional.empty();
  }
}
