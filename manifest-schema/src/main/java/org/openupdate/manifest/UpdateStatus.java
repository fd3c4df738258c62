package org.openupdate.manifest;

import com.fasterxml.jackson.annotation.JsonValue;

/** The state a client reports for one update attempt. */
public enum UpdateStatus {
  IN_PROGRESS("in-progress"),
  COMPLETED("completed"),
  FAILED("failed"),
  ROLLED_BACK("rolled-back");

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
