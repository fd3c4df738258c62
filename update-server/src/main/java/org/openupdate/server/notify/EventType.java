package org.openupdate.server.notify;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * The notification events, by their stable type names (the {@code type} of the JSON event, schema
 * {@code notification-event.schema.json} in manifest-schema).
 */
public enum EventType {
  RELEASE_PUBLISHED("release.published"),
  RELEASE_APPROVAL_REQUESTED("release.approval-requested"),
  ROLLOUT_STAGE_ADVANCED("rollout.stage-advanced"),
  ROLLOUT_HALTED("rollout.halted"),
  RELEASE_PULLED("release.pulled"),
  FLEET_ROLLBACKS_SPIKING("fleet.rollbacks-spiking"),
  FLEET_REFUSALS_SPIKING("fleet.refusals-spiking"),
  MANIFEST_EXPIRING("manifest.expiring"),
  FLEET_DRIFT("fleet.drift");

  private final String typeName;

  EventType(String typeName) {
    this.typeName = typeName;
  }

  @JsonValue
  public String typeName() {
    return typeName;
  }

  public static Optional<EventType> parse(String typeName) {
    for (EventType type : values()) {
      if (type.typeName.equals(typeName)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
