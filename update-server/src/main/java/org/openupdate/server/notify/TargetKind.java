package org.openupdate.server.notify;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/** Where a subscription sends its events. */
public enum TargetKind {
  /** {@code address}: an email address; sent over the configured SMTP server. */
  EMAIL("email"),
  /** {@code address}: a Slack incoming-webhook URL (its secret: stored encrypted). */
  SLACK("slack"),
  /** {@code address}: a Microsoft Teams incoming-webhook URL (stored encrypted). */
  TEAMS("teams"),
  /** {@code address}: any http(s) URL; the JSON event, signed with the subscription's secret. */
  WEBHOOK("webhook");

  private final String json;

  TargetKind(String json) {
    this.json = json;
  }

  @JsonValue
  public String json() {
    return json;
  }

  public static Optional<TargetKind> parse(String text) {
    for (TargetKind kind : values()) {
      if (kind.json.equals(text)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  /** Slack's and Teams' URLs carry their own secret, so they are sealed like webhook secrets. */
  boolean addressIsSecret() {
    return this == SLACK || this == TEAMS;
  }
}
