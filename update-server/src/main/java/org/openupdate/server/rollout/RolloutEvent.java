package org.openupdate.server.rollout;

import java.time.Instant;

/**
 * What webhooks receive, as JSON. {@code stage} and {@code percentage} describe the rollout after
 * the event.
 */
public record RolloutEvent(
    String event,
    String product,
    String version,
    String channel,
    Integer stage,
    Integer percentage,
    String reason,
    Instant at) {

  public static final String PUBLISHED = "release.published";
  public static final String STAGE_ADVANCED = "rollout.stage-advanced";
  public static final String HALTED = "rollout.halted";
  public static final String PULLED = "release.pulled";
}
