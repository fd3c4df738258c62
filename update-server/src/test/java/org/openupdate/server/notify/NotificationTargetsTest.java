package org.openupdate.server.notify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.server.support.Admin.asAdmin;
import static org.openupdate.server.support.ReleaseFixture.aRelease;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openupdate.manifest.SchemaType;
import org.openupdate.manifest.SchemaValidator;
import org.openupdate.server.checksupport.Reports;
import org.openupdate.server.checksupport.WebhookReceiver;
import org.openupdate.server.fleet.FleetRecorder;
import org.openupdate.server.support.MovableClock;
import org.openupdate.server.support.ReleaseFixture;

/** Every event type reaches every kind of target, each in the shape that target accepts. */
@QuarkusTest
@TestProfile(NotifyByHand.class)
class NotificationTargetsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "targets-secret-0123456789";
  private static final Set<String> ALL_TYPES =
      Arrays.stream(EventType.values()).map(EventType::typeName).collect(Collectors.toSet());

  @Inject DeliveryWorker worker;
  @Inject FleetWatch watch;
  @Inject FleetRecorder fleet;
  @Inject MovableClock clock;

  static long subscribe(String kind, String address, String secret, String product) {
    Map<String, Object> body = new java.util.HashMap<>();
    body.put("kind", kind);
    body.put("address", address);
    body.put("product", product);
    if (secret != null) {
      body.put("secret", secret);
    }
    return asAdmin()
        .contentType("application/json")
        .body(body)
        .post("/api/v1/admin/notifications/subscriptions")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  static void unsubscribe(long id) {
    asAdmin().delete("/api/v1/admin/notifications/subscriptions/" + id).then().statusCode(200);
  }

  /** Runs the worker until nothing is due (each round sends what the last one recorded). */
  static void deliverAll(DeliveryWorker worker, String owner) throws Exception {
    for (int round = 0; round < 50 && worker.runOnce(owner) > 0; round++) {
      // the next round
    }
  }

  @Test
  void shouldDeliverEveryEventTypeToEveryTargetKind() throws Exception {
    try (WebhookReceiver hook = new WebhookReceiver();
        WebhookReceiver slack = new WebhookReceiver();
        WebhookReceiver teams = new WebhookReceiver()) {
      ReleaseFixture first = aRelease();
      String product = first.product;
      String mailbox = "ops-" + product + "@example.com";
      List<Long> subscriptions =
          List.of(
              subscribe("webhook", hook.url(), SECRET, product),
              subscribe("slack", slack.url(), null, product),
              subscribe("teams", teams.url(), null, product),
              subscribe("email", mailbox, null, product));
      causeEveryEvent(first);

      deliverAll(worker, "instance-a");

      int events = hook.all().size();
      checkWebhook(hook.all(), product, clock);
      // Every event once to each target; Slack, Teams and mail name the type in their words.
      checkSlack(slack.all(), events);
      checkTeams(teams.all(), events);
      List<MailMessage> mails = mailsTo(mailbox);
      assertThat(mails).hasSize(events);
      assertThat(mails.stream().map(m -> m.headers().get("subject")))
          .anyMatch(s -> s.endsWith("1.2.0 on stable waits for approval"))
          .anyMatch(s -> s.endsWith("1.1.0 on stable: rollout at 50%"))
          .anyMatch(s -> s.endsWith("1.1.0 on stable: rollout halted"))
          .anyMatch(s -> s.endsWith("1.1.0 pulled from stable"))
          .anyMatch(s -> s.endsWith("1.1.0: 3 rollbacks"))
          .anyMatch(s -> s.endsWith("1.2.0: 3 refusals"))
          .anyMatch(s -> s.contains("1.2.0 on stable: manifest expires in"))
          .anyMatch(s -> s.endsWith(" on stable: clients left behind"));
      assertThat(mails)
          .allSatisfy(
              m -> {
                assertThat(m.headers().get("subject")).contains(product);
                assertThat(m.text()).isNotBlank();
                assertThat(m.html()).contains("<html");
              });
      subscriptions.forEach(NotificationTargetsTest::unsubscribe);
    }
  }

  @Test
  void shouldPutTheChangelogInAnEmailReadFromTheSmtpServer() throws Exception {
    ReleaseFixture release =
        aRelease()
            .set(
                "changelog",
                Map.of(
                    "features", List.of("Dark mode for the <dashboard>"),
                    "fixes", List.of("Export no longer truncates long names"),
                    "security", List.of("CVE-2026-0001: escape report titles")))
            .set("releaseNotesUrl", "https://example.com/notes/1.0.0");
    String mailbox = "changelog-" + release.product + "@example.com";
    long id = subscribe("email", mailbox, null, release.product);
    release.published();

    deliverAll(worker, "instance-a");

    List<MailMessage> mails = mailsTo(mailbox);
    assertThat(mails).hasSize(1);
    MailMessage mail = mails.get(0);
    assertThat(mail.headers().get("subject"))
        .isEqualTo("[OpenUpdate] " + release.product + " 1.0.0 published on stable");
    assertThat(mail.headers().get("from")).contains("updates@openupdate.test");
    assertThat(mail.text())
        .contains("Update 1.0.0 of " + release.product + " is now available on stable")
        .contains("What's New:", "* Dark mode for the <dashboard>")
        .contains("Bug Fixes:", "* Export no longer truncates long names")
        .contains("Security Updates:", "* CVE-2026-0001: escape report titles")
        .contains("Release notes: https://example.com/notes/1.0.0");
    assertThat(mail.html())
        .contains("<li>✨ Dark mode for the &lt;dashboard&gt;</li>")
        .contains("<li>🐛 Export no longer truncates long names</li>")
        .contains("<li>🔒 CVE-2026-0001: escape report titles</li>")
        .contains("href=\"https://updates.example.com/console/notifications\"");
    unsubscribe(id);
  }

  /**
   * Publish 1.0.0 and 1.1.0 (staged), advance and halt 1.1.0, pull it recalling 1.0.0; ask for
   * approval on 1.2.0, which expires in three days; then rollbacks and refusals beyond the
   * thresholds, and a client left behind, for the watchers.
   */
  private void causeEveryEvent(ReleaseFixture first) throws Exception {
    String product = first.product;
    first.published();
    ReleaseFixture second = first.version("1.1.0").createDraft().uploadAll();
    asAdmin()
        .contentType("application/json")
        .body(
            Map.of(
                "channel",
                "stable",
                "rolloutPlan",
                Map.of("stages", List.of(Map.of("percentage", 10), Map.of("percentage", 50)))))
        .post(second.path() + "/publish")
        .then()
        .statusCode(200);
    String rollout = "/api/v1/admin/rollouts/" + product + "/1.1.0/stable";
    asAdmin().post(rollout + "/advance?reason=looks good").then().statusCode(200);
    for (String client : List.of("r1", "r2", "r3")) {
      Reports.post(Reports.rollback(product, "1.1.0", "1.0.0", "stable", client, "health-check"))
          .statusCode(202);
    }
    // Three rollbacks out of three attempts: the evaluator halts the rollout on its own.
    for (int i = 0; i < 100 && !"HALTED".equals(asAdmin().get(rollout).path("state")); i++) {
      Thread.sleep(100);
    }
    asAdmin().get(rollout).then().body("state", org.hamcrest.Matchers.equalTo("HALTED"));
    asAdmin()
        .contentType("application/json")
        .body(Map.of("channel", "stable", "reason", "health checks fail", "recallTo", "1.0.0"))
        .post(second.path() + "/pull")
        .then()
        .statusCode(200);

    asAdmin()
        .contentType("application/json")
        .body(Map.of("approvalRequired", true))
        .put("/api/v1/admin/policies/" + product)
        .then()
        .statusCode(200);
    ReleaseFixture third =
        first
            .version("1.2.0")
            .set(
                "expires",
                clock
                    .instant()
                    .plus(3, ChronoUnit.DAYS)
                    .truncatedTo(ChronoUnit.SECONDS)
                    .toString());
    third.createDraft().uploadAll().publish("stable");
    for (String client : List.of("f1", "f2", "f3")) {
      Reports.post(Reports.refusal(product, "1.2.0", "1.0.0", "stable", client, "bad-signature"))
          .statusCode(202);
    }

    given()
        .header("X-Product", product)
        .header("X-Current-Version", "0.9.0")
        .header("X-Channel", "stable")
        .header("X-Client-Id", "left-behind-1")
        .get("/api/v1/updates/check")
        .then()
        .statusCode(200);
    fleet.flush();
    // Past drift-after (1m in this profile) since 1.0.0 was published.
    clock.advance(Duration.ofMinutes(2));
    given()
        .header("X-Product", product)
        .header("X-Current-Version", "0.9.0")
        .header("X-Channel", "stable")
        .header("X-Client-Id", "left-behind-1")
        .get("/api/v1/updates/check")
        .then()
        .statusCode(200);
    fleet.flush();
    assertThat(watch.watch()).isGreaterThanOrEqualTo(4);
    assertThat(watch.watch()).as("each watched event is raised once").isZero();
  }

  /** {@code clock}: the server's, which other tests of this profile moved ahead. */
  private static void checkWebhook(
      List<WebhookReceiver.Delivery> deliveries, String product, java.time.Clock clock)
      throws Exception {
    WebhookVerifier verifier = new WebhookVerifier(SECRET, clock);
    Set<String> types = new TreeSet<>();
    for (WebhookReceiver.Delivery delivery : deliveries) {
      assertThat(
              SchemaValidator.instance().validate(SchemaType.NOTIFICATION_EVENT, delivery.body()))
          .as(delivery.text())
          .isEmpty();
      JsonNode event = JSON.readTree(delivery.body());
      assertThat(event.path("product").asText()).isEqualTo(product);
      assertThat(delivery.eventId()).isEqualTo(event.path("id").asText());
      assertThat(delivery.headers().get("x-openupdate-event"))
          .isEqualTo(event.path("type").asText());
      verifier.verify(
          delivery.signature(), delivery.timestamp(), delivery.eventId(), delivery.body());
      types.add(event.path("type").asText());
      if (event.path("type").asText().equals("rollout.halted")) {
        assertThat(event.path("data").path("topFailures").get(0).path("count").asLong())
            .isEqualTo(3);
      }
      if (event.path("type").asText().equals("release.pulled")) {
        assertThat(event.path("data").path("recallTarget").asText()).isEqualTo("1.0.0");
      }
      if (event.path("type").asText().equals("manifest.expiring")) {
        assertThat(event.path("data").path("daysLeft").asLong()).isBetween(2L, 3L);
      }
    }
    assertThat(types).isEqualTo(new TreeSet<>(ALL_TYPES));
  }

  /** Slack's Block Kit: text fallback, header of plain_text, sections of mrkdwn, limits kept. */
  private static void checkSlack(List<WebhookReceiver.Delivery> deliveries, int events)
      throws Exception {
    assertThat(deliveries).hasSize(events);
    for (WebhookReceiver.Delivery delivery : deliveries) {
      assertThat(delivery.headers().get("content-type")).startsWith("application/json");
      JsonNode message = JSON.readTree(delivery.body());
      assertThat(message.path("text").isTextual()).isTrue();
      JsonNode blocks = message.path("blocks");
      assertThat(blocks.isArray()).isTrue();
      assertThat(blocks.size()).isBetween(2, 50);
      assertThat(blocks.get(0).path("type").asText()).isEqualTo("header");
      assertThat(blocks.get(0).path("text").path("type").asText()).isEqualTo("plain_text");
      assertThat(blocks.get(0).path("text").path("text").asText().length())
          .isLessThanOrEqualTo(150);
      for (JsonNode block : blocks) {
        assertThat(block.path("type").asText()).isIn("header", "section", "actions");
        if (block.path("type").asText().equals("section")) {
          if (block.has("text")) {
            assertThat(block.path("text").path("type").asText()).isEqualTo("mrkdwn");
            assertThat(block.path("text").path("text").asText().length()).isLessThanOrEqualTo(3000);
          } else {
            assertThat(block.path("fields").size()).isBetween(1, 10);
          }
        }
        if (block.path("type").asText().equals("actions")) {
          assertThat(block.path("elements").get(0).path("type").asText()).isEqualTo("button");
          assertThat(block.path("elements").get(0).path("url").asText()).startsWith("https://");
        }
      }
      assertThat(delivery.signature()).as("Slack URLs are their own secret").isNull();
    }
  }

  /** Teams: a message with one Adaptive Card attachment of TextBlocks and FactSets. */
  private static void checkTeams(List<WebhookReceiver.Delivery> deliveries, int events)
      throws Exception {
    assertThat(deliveries).hasSize(events);
    for (WebhookReceiver.Delivery delivery : deliveries) {
      JsonNode message = JSON.readTree(delivery.body());
      assertThat(message.path("type").asText()).isEqualTo("message");
      JsonNode attachment = message.path("attachments").get(0);
      assertThat(attachment.path("contentType").asText())
          .isEqualTo("application/vnd.microsoft.card.adaptive");
      JsonNode card = attachment.path("content");
      assertThat(card.path("type").asText()).isEqualTo("AdaptiveCard");
      assertThat(card.path("version").asText()).isEqualTo("1.4");
      assertThat(card.path("$schema").asText())
          .isEqualTo("http://adaptivecards.io/schemas/adaptive-card.json");
      for (JsonNode element : card.path("body")) {
        assertThat(element.path("type").asText()).isIn("TextBlock", "FactSet");
        if (element.path("type").asText().equals("TextBlock")) {
          assertThat(element.path("text").isTextual()).isTrue();
        } else {
          for (JsonNode fact : element.path("facts")) {
            assertThat(fact.path("title").isTextual()).isTrue();
            assertThat(fact.path("value").isTextual()).isTrue();
          }
        }
      }
      assertThat(card.path("actions").get(0).path("type").asText()).isEqualTo("Action.OpenUrl");
    }
  }

  static List<MailMessage> mailsTo(String address) throws Exception {
    List<MailMessage> mails = new ArrayList<>();
    for (String raw : SmtpServer.current().messages()) {
      MailMessage mail = MailMessage.parse(raw);
      if (mail.headers().getOrDefault("to", "").contains(address)) {
        mails.add(mail);
      }
    }
    return mails;
  }
}
