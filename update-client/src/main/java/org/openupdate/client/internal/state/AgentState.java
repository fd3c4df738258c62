package org.openupdate.client.internal.state;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The agent's persisted state. States from {@link #BACKING_UP} to {@link #HEALTH_CHECKING} are the
 * install transaction: finding one of them at start means the agent died mid-install and must roll
 * back. The earlier states hold nothing that a fresh cycle cannot redo.
 */
public enum AgentState {
  IDLE,
  CHECKING,
  DOWNLOADING,
  VERIFYING,
  WAITING_FOR_WINDOW,
  BACKING_UP,
  APPLYING,
  HEALTH_CHECKING,
  SUCCESS,
  FAILED,
  ROLLED_BACK,
  /** The server refused the configuration at the last check; the reason names the field. */
  MISCONFIGURED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @JsonCreator
  public static AgentState fromWire(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  public boolean inTransaction() {
    return this == BACKING_UP || this == APPLYING || this == HEALTH_CHECKING;
  }

  public boolean canMoveTo(AgentState next) {
    return successors().contains(next);
  }

  private Set<AgentState> successors() {
    return switch (this) {
      case IDLE, SUCCESS, FAILED, ROLLED_BACK, MISCONFIGURED ->
          EnumSet.of(CHECKING, APPLYING, IDLE);
      case CHECKING -> EnumSet.of(IDLE, DOWNLOADING, FAILED, MISCONFIGURED);
      case DOWNLOADING -> EnumSet.of(VERIFYING, FAILED, IDLE);
      case VERIFYING -> EnumSet.of(WAITING_FOR_WINDOW, BACKING_UP, FAILED, IDLE);
      case WAITING_FOR_WINDOW -> EnumSet.of(BACKING_UP, CHECKING, FAILED, IDLE);
      case BACKING_UP -> EnumSet.of(APPLYING, FAILED, ROLLED_BACK);
      case APPLYING -> EnumSet.of(HEALTH_CHECKING, FAILED, ROLLED_BACK);
      case HEALTH_CHECKING -> EnumSet.of(SUCCESS, FAILED, ROLLED_BACK);
    };
  }
}
