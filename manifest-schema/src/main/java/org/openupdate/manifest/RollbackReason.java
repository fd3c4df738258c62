package org.openupdate.manifest;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why an agent went back to an earlier version, reported with {@link UpdateStatus#ROLLED_BACK}. */
public enum RollbackReason {
  HEALTH_CHECK("health-check"),
  HOOK("hook"),
  INSTALL_ERROR("install-error"),
  /** An operator asked for it on the machine ({@code rollback} command). */
  MANUAL("manual");

  private final String json;

  RollbackReason(String json) {
    this.json = json;
  }

  @JsonValue
  public String json() {
    return json;
  }
}
