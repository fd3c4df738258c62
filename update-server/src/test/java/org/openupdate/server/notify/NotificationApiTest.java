package org.openupdate.server.notify;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.openupdate.server.support.Admin.asAdmin;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The subscriptions and deliveries API: what it refuses, and what it never shows. */
@QuarkusTest
class NotificationApiTest {

  private static final String SUBSCRIPTIONS = "/api/v1/admin/notifications/subscriptions";

  @Test
  void shouldRefuseAnUnknownKindNamingTheField() {
    asAdmin()
        .contentType("application/json")
        .body(Map.of("kind", "pager", "address", "https://example.com/x"))
        .post(SUBSCRIPTIONS)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("kind"))
        .body("errors[0].message", containsString("'pager'"));
  }

  @Test
  void shouldRefuseABadEmailAddressAndAnUnknownEventType() {
    asAdmin()
        .contentType("application/json")
        .body(Map.of("kind", "email", "address", "ops at example"))
        .post(SUBSCRIPTIONS)
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("address"));
    asAdmin()
        .contentType("application/json")
        .body(
            Map.of(
                "kind",
                "email",
                "address",
                "ops@example.com",
                "events",
                List.of("release.published", "release.exploded")))
        .post(SUBSCRIPTIONS)
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("events[1]"))
        .body("errors[0].message", containsString("'release.exploded'"));
  }

  @Test
  void shouldRequireASecretForWebhooksOnly() {
    asAdmin()
        .contentType("application/json")
        .body(Map.of("kind", "webhook", "address", "https://hooks.example.com/a"))
        .post(SUBSCRIPTIONS)
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("secret"));
    asAdmin()
        .contentType("application/json")
        .body(
            Map.of(
                "kind", "slack",
                "address", "https://hooks.slack.com/services/T0/B0/abc",
                "secret", "a-secret-0123456789"))
        .post(SUBSCRIPTIONS)
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("secret"));
  }

  @Test
  void shouldNeverShowASlackUrlBack() {
    String url = "https://hooks.slack.com/services/T0/B0/secret-part-xyz";
    long id =
        asAdmin()
            .contentType("application/json")
            .body(Map.of("kind", "slack", "address", url, "events", List.of("rollout.halted")))
            .post(SUBSCRIPTIONS)
            .then()
            .statusCode(201)
            .body("address", equalTo("https://hooks.slack.com/…"))
            .body("events", equalTo(List.of("rollout.halted")))
            .extract()
            .jsonPath()
            .getLong("id");
    asAdmin()
        .get(SUBSCRIPTIONS)
        .then()
        .statusCode(200)
        .body("address", not(hasItem(url)))
        .body(not(containsString("secret-part-xyz")));
    asAdmin().delete(SUBSCRIPTIONS + "/" + id).then().statusCode(200);
    asAdmin().delete(SUBSCRIPTIONS + "/" + id).then().statusCode(404);
  }

  @Test
  void shouldRefuseAnUnknownDeliveryState() {
    asAdmin()
        .get("/api/v1/admin/notifications/deliveries?state=lost")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("state"));
    asAdmin()
        .get("/api/v1/admin/notifications/deliveries?state=dead")
        .then()
        .statusCode(200)
        .body("counts.keySet()", hasItem("dead"));
  }

  @Inject EmailTarget email;

  @Test
  void shouldSealAnSmtpPasswordForTheConfiguration() {
    String sealed =
        asAdmin()
            .contentType("application/json")
            .body(Map.of("value", "smtp-password"))
            .post("/api/v1/admin/notifications/seal")
            .then()
            .statusCode(200)
            .body("sealed", org.hamcrest.Matchers.startsWith("sealed:"))
            .body(not(containsString("smtp-password")))
            .extract()
            .path("sealed");
    org.assertj.core.api.Assertions.assertThat(email.password(sealed)).isEqualTo("smtp-password");
    org.assertj.core.api.Assertions.assertThat(email.password("in-clear")).isEqualTo("in-clear");
  }
}
