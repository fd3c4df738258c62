package org.openupdate.manifest;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The state a client reports for one update attempt.
 *
 * <p>What {@link StatusReport#version()} and {@link StatusReport#fromVersion()} mean depends on it:
 * for {@code in-progress}, {@code completed} and {@code failed} the version attempted and the one
 * running before; for {@code rolled-back} and {@code recalled} the version running now and the one
 * left; for {@code refused} the version offered and the one running.
 *
 * <p>Where the server counts them: a {@code rolled-back} attempt (stored attempt and metrics) under
 * the version left. A {@code recalled} attempt is stored under the version running now (the recall
 * target, as an attempt of that release outside its own rollout); only its metric, {@code
 * update_recalls_total}, is labelled with the version left (the pulled one, with the target as
 * {@code target}).
 */
public enum UpdateStatus {
  IN_PROGRESS("in-progress"),
  COMPLETED("completed"),
  FAILED("failed"),
  ROLLED_BACK("rolled-back"),
  /** The agent refused the offered release; never a failed attempt of it. */
  REFUSED("refused"),
  /** The agent left a pulled release for the recall target the server named. */
  RECALLED("recalled");

  private final String json;

  UpdateStatus(String json) {
    this.json = json;
  }

  @JsonValue
  public String json() {
    return json;
  }

  /** True for the outcomes that end an attempt. */
  public boolean isFinal() {
    return this != IN_PROGRESS;
  }
}
