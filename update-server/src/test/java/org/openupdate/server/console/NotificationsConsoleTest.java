package org.openupdate.server.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.openupdate.server.support.Admin.asAdmin;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openupdate.server.notify.EventData;
import org.openupdate.server.notify.Outbox;
import org.openupdate.server.support.Admin;

/** The console's notifications page shows the outbox's delivery state and retries a dead one. */
@QuarkusTest
class NotificationsConsoleTest {

  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  @Inject Outbox outbox;
  @Inject EntityManager entityManager;

  @Test
  void shouldShowADeadDeliveryAndRetryIt() {
    String product = Admin.unique("console-notify");
    long subscription =
        asAdmin()
            .contentType("application/json")
            .body(Map.of("kind", "email", "address", "console@example.com", "product", product))
            .post("/api/v1/admin/notifications/subscriptions")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    // An event whose delivery used up its attempts (the outbox is real; the attempts are not).
    String eventId =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    outbox
                        .record(product, new EventData.Pulled("1.0.0", "stable", "broken", null))
                        .id());
    long delivery =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  entityManager
                      .createNativeQuery(
                          "update notify_deliveries set state = 'dead', attempts = 8,"
                              + " last_error = 'SMTP: connection refused' where event_id = ?1")
                      .setParameter(1, eventId)
                      .executeUpdate();
                  return ((Number)
                          entityManager
                              .createNativeQuery(
                                  "select id from notify_deliveries where event_id = ?1"
                                      + " and subscription_id = ?2")
                              .setParameter(1, eventId)
                              .setParameter(2, subscription)
                              .getSingleResult())
                      .longValue();
                });
    Cookie session = ConsoleSessionTest.signIn(Admin.ADMIN_TOKEN).getDetailedCookie("ou_session");

    String page =
        given()
            .cookie(session)
            .get("/console/notifications?state=dead")
            .then()
            .statusCode(200)
            .body(containsString("id=\"delivery-" + delivery + "\""))
            .body(containsString("SMTP: connection refused"))
            .body(containsString("id=\"retry-" + delivery + "\""))
            .body(containsString(product))
            .extract()
            .asString();
    Matcher csrf = CSRF.matcher(page);
    assertThat(csrf.find()).isTrue();

    given()
        .cookie(session)
        .redirects()
        .follow(false)
        .contentType("application/x-www-form-urlencoded")
        .formParam("csrf", csrf.group(1))
        .post("/console/notifications/deliveries/" + delivery + "/retry")
        .then()
        .statusCode(303);
    given()
        .cookie(session)
        .get("/console/notifications?state=pending")
        .then()
        .statusCode(200)
        .body(containsString("id=\"delivery-" + delivery + "\""));
    asAdmin()
        .delete("/api/v1/admin/notifications/subscriptions/" + subscription)
        .then()
        .statusCode(200);
  }
}
