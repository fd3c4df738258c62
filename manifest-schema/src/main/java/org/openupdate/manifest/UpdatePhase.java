package org.openupdate.manifest;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where an in-progress update is. */
public enum UpdatePhase {
  DOWNLOADING("downloading"),
  VERIFYING("verifying"),
  WAITING_FOR_WINDOW("waiting-for-window"),
  INSTALLING("installing"),
  HEALTH_CHECKING("health-checking");

  private final String json;

  UpdatePhase(String json) {
    this.json = json;
  }

  @JsonValue
  public String json() {
    return json;
  }
}
