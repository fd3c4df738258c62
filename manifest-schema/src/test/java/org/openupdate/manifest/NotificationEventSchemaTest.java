package org.openupdate.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The notification event's schema: the data must fit the type it is sent as. */
class NotificationEventSchemaTest {

  private final SchemaValidator validator = SchemaValidator.instance();

  private List<String> pointers(String json) {
    return validator
        .validate(SchemaType.NOTIFICATION_EVENT, json.getBytes(StandardCharsets.UTF_8))
        .stream()
        .map(SchemaViolation::pointer)
        .toList();
  }

  private static String event(String type, String data) {
    return "{\"id\":\"0b9d3f5e-5d1c-4f43-9a3e-1f0a7d2c9b11\",\"type\":\""
        + type
        + "\",\"occurredAt\":\"2026-12-01T10:00:00Z\",\"product\":\"hello\",\"data\":"
        + data
        + "}";
  }

  @Test
  void shouldAcceptAHaltWithItsTopFailures() {
    assertThat(
            pointers(
                event(
                    "rollout.halted",
                    "{\"version\":\"2.0.0\",\"channel\":\"stable\",\"stage\":0,\"reason\":\"error"
                        + " rate 0.5 above 0.25\",\"topFailures\":[{\"message\":\"health check"
                        + " timed out\",\"count\":3}]}")))
        .isEmpty();
  }

  @Test
  void shouldRefuseDataThatBelongsToAnotherType() {
    assertThat(
            pointers(
                event(
                    "release.pulled",
                    "{\"version\":\"2.0.0\",\"channel\":\"stable\",\"stage\":0,"
                        + "\"topFailures\":[]}")))
        .isNotEmpty();
  }

  @Test
  void shouldRefuseAnUnknownEventType() {
    assertThat(pointers(event("release.exploded", "{}"))).contains("/type");
  }

  @Test
  void shouldRequireTheDaysLeftOfAnExpiringManifest() {
    assertThat(
            pointers(
                event(
                    "manifest.expiring",
                    "{\"version\":\"2.0.0\",\"channel\":\"stable\","
                        + "\"expires\":\"2026-12-04T10:00:00Z\"}")))
        .isNotEmpty();
  }
}
