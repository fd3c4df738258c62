package org.openupdate.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openupdate.server.support.Admin.asAdmin;
import static org.openupdate.server.support.ReleaseFixture.aRelease;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openupdate.server.checksupport.WebhookReceiver;
import org.openupdate.server.support.ReleaseFixture;

/**
 * The receiver side of a signed webhook, as README "Webhooks: verifying a delivery" shows it, on
 * deliveries the running server's worker sent.
 */
@QuarkusTest
class WebhookVerificationTest {

  private static final String SECRET = "verify-me-0123456789";

  @Test
  void shouldAcceptADeliveryOnceAndRefuseItsReplay() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      long id = register(receiver);
      ReleaseFixture release = aRelease().published();
      WebhookReceiver.Delivery delivery = receiver.await("\"product\":\"" + release.product + "\"");
      WebhookVerifier verifier = new WebhookVerifier(SECRET, Clock.systemUTC());

      verifier.verify(
          delivery.signature(), delivery.timestamp(), delivery.eventId(), delivery.body());

      assertThatThrownBy(
              () ->
                  verifier.verify(
                      delivery.signature(),
                      delivery.timestamp(),
                      delivery.eventId(),
                      delivery.body()))
          .as("sent again within five minutes")
          .isInstanceOf(SecurityException.class)
          .hasMessageContaining("already accepted");
      WebhookVerifier later =
          new WebhookVerifier(SECRET, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6)));
      assertThatThrownBy(
              () ->
                  later.verify(
                      delivery.signature(),
                      delivery.timestamp(),
                      delivery.eventId(),
                      delivery.body()))
          .as("sent again six minutes later, to a receiver that forgot the id")
          .isInstanceOf(SecurityException.class)
          .hasMessageContaining("more than 5 minutes");
      unregister(id);
    }
  }

  @Test
  void shouldRefuseADeliveryWhoseTimestampOrBodyWasChanged() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      long id = register(receiver);
      ReleaseFixture release = aRelease().published();
      WebhookReceiver.Delivery delivery = receiver.await("\"product\":\"" + release.product + "\"");
      WebhookVerifier verifier = new WebhookVerifier(SECRET, Clock.systemUTC());
      String fresh = Long.toString(Long.parseLong(delivery.timestamp()) + 1);

      assertThatThrownBy(
              () ->
                  verifier.verify(delivery.signature(), fresh, delivery.eventId(), delivery.body()))
          .as("a replay with a fresh timestamp")
          .hasMessage("signature does not match");
      byte[] changed = delivery.text().replace("1.0.0", "6.6.6").getBytes();
      assertThatThrownBy(
              () ->
                  verifier.verify(
                      delivery.signature(), delivery.timestamp(), delivery.eventId(), changed))
          .hasMessage("signature does not match");
      assertThatThrownBy(
              () ->
                  new WebhookVerifier("another-secret-0123456789", Clock.systemUTC())
                      .verify(
                          delivery.signature(),
                          delivery.timestamp(),
                          delivery.eventId(),
                          delivery.body()))
          .hasMessage("signature does not match");
      assertThat(delivery.headers().get("x-openupdate-event")).isEqualTo("release.published");
      unregister(id);
    }
  }

  private static long register(WebhookReceiver receiver) {
    return asAdmin()
        .contentType("application/json")
        .body(Map.of("url", receiver.url(), "secret", SECRET))
        .post("/api/v1/admin/webhooks")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  private static void unregister(long id) {
    asAdmin().delete("/api/v1/admin/webhooks/" + id).then().statusCode(200);
  }
}
