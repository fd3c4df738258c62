package org.openupdate.manifest;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why an agent refused an offered release, reported with {@link UpdateStatus#REFUSED}. A refusal is
 * never a failed attempt of the offered release; many of them point at a mirror or signing problem.
 */
public enum RefusalReason {
  /** The offered version is lower than the installed one and the manifest is no valid recall. */
  DOWNGRADE("downgrade"),
  /** The offered version is lower than a version this agent has already seen. */
  ROLLBACK_PROTECTION("rollback-protection"),
  /** The manifest's sequence is below the highest this agent has verified for the channel. */
  SEQUENCE_REPLAY("sequence-replay"),
  EXPIRED("expired"),
  WRONG_PRODUCT("wrong-product"),
  WRONG_CHANNEL("wrong-channel"),
  BAD_SIGNATURE("bad-signature"),
  /** Signed, but by no key this agent pins. */
  UNPINNED_KEY("unpinned-key"),
  BAD_HASH("bad-hash"),
  BAD_SIZE("bad-size"),
  /** The installed version is below the manifest's {@code minimumVersion}. */
  MINIMUM_VERSION("minimum-version"),
  /** The manifest is not valid against its schema. */
  MALFORMED("malformed"),
  /**
   * A {@code compatibility} entry of the manifest is not met by this machine (its OS, architecture,
   * Java version, platform or a fact configured for it, such as its database).
   */
  INCOMPATIBLE("incompatible"),
  /**
   * No fresh channel timestamp signed by the trust root's timestamp key could be had once the last
   * one verified expired: someone may serve the agent a frozen view of the channel.
   */
  FREEZE_SUSPECTED("freeze-suspected");

  private final String json;

  RefusalReason(String json) {
    this.json = json;
  }

  @JsonValue
  public String json() {
    return json;
  }
}
