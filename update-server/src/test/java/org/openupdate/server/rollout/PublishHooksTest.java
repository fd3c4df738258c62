package org.openupdate.server.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.openupdate.server.support.Admin.asAdmin;
import static org.openupdate.server.support.ReleaseFixture.aRelease;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openupdate.server.checksupport.WebhookReceiver;
import org.openupdate.server.notify.WebhookSignature;
import org.openupdate.server.support.ReleaseFixture;

/** The rollout feature's reactions to the publishing API: soak policy, webhooks. */
@QuarkusTest
class PublishHooksTest {

  @Test
  void shouldRefusePromotionToStableBeforeTheReleaseSoakedInALowerChannel() {
    ReleaseFixture release =
        aRelease().set("channel", "beta").createDraft().uploadAll().publish("beta");
    asAdmin()
        .contentType("application/json")
        .body(Map.of("minimumSoakMinutes", 48 * 60))
        .put("/api/v1/admin/policies/" + release.product)
        .then()
        .statusCode(200);

    release.promote("stable").statusCode(409).body("detail", containsString("PT48H"));
    asAdmin()
        .get(release.path())
        .then()
        .body(
            "publications.channel",
            org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("stable")));
  }

  @Test
  void shouldNotifyWebhooksWhenPublishedAndPulled() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      String secret = "another-secret-0123456789";
      asAdmin()
          .contentType("application/json")
          .body(Map.of("url", receiver.url(), "secret", secret))
          .post("/api/v1/admin/webhooks")
          .then()
          .statusCode(201);
      ReleaseFixture release = aRelease().published();

      var published = receiver.await("\"product\":\"" + release.product + "\"");
      assertThat(published.text()).contains("release.published");
      assertThat(published.signature())
          .isEqualTo(
              "sha256=" + WebhookSignature.sign(secret, published.timestamp(), published.body()));

      asAdmin()
          .contentType("application/json")
          .body(Map.of("channel", "stable", "reason", "broken"))
          .post(release.path() + "/pull")
          .then()
          .statusCode(200);
      assertThat(receiver.await("release.pulled").text()).contains(release.product);
    }
  }
}
