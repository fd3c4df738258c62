package org.openupdate.server.rollout;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.openupdate.server.checksupport.Reports.post;
import static org.openupdate.server.checksupport.Reports.report;
import static org.openupdate.server.checksupport.Reports.rollback;
import static org.openupdate.server.support.Admin.asAdmin;
import static org.openupdate.server.support.ReleaseFixture.aRelease;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openupdate.server.checksupport.Catalog;
import org.openupdate.server.checksupport.WebhookReceiver;
import org.openupdate.server.checksupport.WebhookReceiver.Delivery;
import org.openupdate.server.notify.WebhookSignature;
import org.openupdate.server.support.Admin;
import org.openupdate.server.support.ReleaseFixture;

@QuarkusTest
class RolloutFlowTest {

  private static final String SECRET = "webhook-secret-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every field given, so that what the server shows back must equal it. */
  private static final String PLAN =
      "{\"stages\":[{\"percentage\":5,\"minimumDurationMinutes\":90},"
          + "{\"percentage\":100,\"minimumDurationMinutes\":0}],"
          + "\"thresholds\":{\"minimumReports\":10,\"minimumSuccessRate\":0.95,"
          + "\"maximumErrorRate\":0.02}}";

  private static String path(Catalog catalog, String version, String channel) {
    return "/api/v1/admin/rollouts/" + catalog.product() + "/" + version + "/" + channel;
  }

  private static String awaitState(Catalog catalog, String version, String state)
      throws InterruptedException {
    String seen = null;
    for (int i = 0; i < 100; i++) {
      seen = asAdmin().get(path(catalog, version, "stable")).then().extract().path("state");
      if (state.equals(seen)) {
        return seen;
      }
      Thread.sleep(100);
    }
    return seen;
  }

  private static WebhookReceiver receiver() throws Exception {
    WebhookReceiver receiver = new WebhookReceiver();
    asAdmin()
        .contentType("application/json")
        .body(Map.of("url", receiver.url(), "secret", SECRET))
        .post("/api/v1/admin/webhooks")
        .then()
        .statusCode(201);
    return receiver;
  }

  private static long offered(Catalog catalog, String version) {
    return IntStream.range(0, 200)
        .filter(
            i ->
                version.equals(
                    given()
                        .header("X-Product", catalog.product())
                        .header("X-Current-Version", "1.0.0")
                        .header("X-Channel", "stable")
                        .header("X-Client-Id", "probe-" + i)
                        .get("/api/v1/updates/check")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("version")))
        .count();
  }

  @Test
  void shouldHaltOnFailuresStopOfferingAndNotifySigned() throws Exception {
    try (WebhookReceiver receiver = receiver()) {
      Catalog catalog = Catalog.newProduct();
      catalog
          .release("2.0.0")
          .plan(
              "{\"stages\":[{\"percentage\":50,\"minimumDurationMinutes\":0}],"
                  + "\"thresholds\":{\"minimumReports\":4,\"maximumErrorRate\":0.25}}")
          .on("stable");
      assertThat(offered(catalog, "2.0.0")).isBetween(70L, 130L);

      post(report(catalog.product(), "2.0.0", "stable", "a", "completed")).statusCode(202);
      post(report(catalog.product(), "2.0.0", "stable", "b", "failed")).statusCode(202);
      post(rollback(catalog.product(), "2.0.0", "1.0.0", "stable", "c", "health-check"))
          .statusCode(202);

      assertThat(awaitState(catalog, "2.0.0", "HALTED")).isEqualTo("HALTED");
      assertThat(offered(catalog, "2.0.0")).as("no client is offered a halted rollout").isZero();
      Delivery halted = receiver.await("rollout.halted");
      assertThat(halted.text()).contains(catalog.product()).contains("\"reason\":");
      assertThat(halted.signature())
          .isEqualTo("sha256=" + WebhookSignature.sign(SECRET, halted.timestamp(), halted.body()));
      given()
          .get("/q/metrics")
          .then()
          .body(
              containsString(
                  "update_rollout_halted{channel=\"stable\",product=\""
                      + catalog.product()
                      + "\",version=\"2.0.0\"} 1.0"));
    }
  }

  @Test
  void shouldAdvanceOnSuccessfulReportsAndNotify() throws Exception {
    try (WebhookReceiver receiver = receiver()) {
      Catalog catalog = Catalog.newProduct();
      catalog
          .release("2.0.0")
          .plan(
              "{\"stages\":[{\"percentage\":10,\"minimumDurationMinutes\":0},"
                  + "{\"percentage\":60,\"minimumDurationMinutes\":60}],"
                  + "\"thresholds\":{\"minimumReports\":3,\"minimumSuccessRate\":0.99}}")
          .on("stable");

      for (String client : new String[] {"a", "b", "c"}) {
        post(report(catalog.product(), "2.0.0", "stable", client, "completed")).statusCode(202);
      }

      for (int i = 0; i < 100; i++) {
        if (asAdmin().get(path(catalog, "2.0.0", "stable")).then().extract().<Integer>path("stage")
            == 1) {
          break;
        }
        Thread.sleep(100);
      }
      asAdmin()
          .get(path(catalog, "2.0.0", "stable"))
          .then()
          .body("stage", equalTo(1))
          .body("percentage", equalTo(60))
          .body("state", equalTo("ACTIVE"));
      Delivery advanced = receiver.await("rollout.stage-advanced");
      assertThat(advanced.text()).contains("\"percentage\":60");
      assertThat(advanced.signature())
          .isEqualTo(
              "sha256=" + WebhookSignature.sign(SECRET, advanced.timestamp(), advanced.body()));
      assertThat(offered(catalog, "2.0.0")).isBetween(95L, 145L);
    }
  }

  @Test
  void shouldPauseResumeAdvanceAndHaltByHandWithAuditTrail() {
    Catalog catalog = Catalog.newProduct();
    catalog
        .release("2.0.0")
        .plan("{\"stages\":[{\"percentage\":5},{\"percentage\":25}]}")
        .on("stable");
    String path = path(catalog, "2.0.0", "stable");

    asAdmin().post(path + "/pause").then().statusCode(200).body("state", equalTo("PAUSED"));
    asAdmin().post(path + "/pause").then().statusCode(409);
    asAdmin().post(path + "/resume").then().statusCode(200).body("state", equalTo("ACTIVE"));
    asAdmin()
        .post(path + "/advance")
        .then()
        .statusCode(200)
        .body("stage", equalTo(1))
        .body("percentage", equalTo(25));
    asAdmin()
        .queryParam("reason", "crash reports")
        .post(path + "/halt")
        .then()
        .statusCode(200)
        .body("state", equalTo("HALTED"))
        .body("percentage", equalTo(0));
    Admin.as(Admin.newToken("viewer")).post(path + "/halt").then().statusCode(403);

    asAdmin()
        .queryParam("target", "rollout:" + catalog.product() + "/2.0.0@stable")
        .get("/api/v1/admin/audit")
        .then()
        .statusCode(200)
        .body(
            "action",
            hasItems("rollout.pause", "rollout.resume", "rollout.advance", "rollout.halt"));
  }

  @Test
  void shouldWaitForApprovalFromAnotherTokenThanThePublisher() {
    Catalog catalog = Catalog.newProduct();
    String publisherName = Admin.unique("publisher");
    String publisherToken =
        asAdmin()
            .contentType("application/json")
            .body(Map.of("name", publisherName, "role", "publisher"))
            .post("/api/v1/admin/tokens")
            .then()
            .statusCode(201)
            .extract()
            .path("token");
    asAdmin()
        .contentType("application/json")
        .body(Map.of("approvalRequired", true))
        .put("/api/v1/admin/policies/" + catalog.product())
        .then()
        .statusCode(200);
    catalog.release("2.0.0").publishedBy(publisherName).on("stable");
    String path = path(catalog, "2.0.0", "stable");

    asAdmin().get(path).then().body("state", equalTo("AWAITING_APPROVAL"));
    assertThat(offered(catalog, "2.0.0")).isZero();
    Admin.as(publisherToken)
        .post(path + "/approve")
        .then()
        .statusCode(403)
        .body("detail", containsString("another token"));
    Admin.as(Admin.newToken("publisher"))
        .post(path + "/approve")
        .then()
        .statusCode(200)
        .body("state", equalTo("ACTIVE"));
    assertThat(offered(catalog, "2.0.0")).isEqualTo(200);
  }

  @Test
  void shouldRejectPlansThatDoNotRiseNamingTheProblem() {
    Catalog catalog = Catalog.newProduct();
    catalog.release("2.0.0").on("stable");
    asAdmin()
        .contentType("application/json")
        .body(
            "{\"stages\":[{\"percentage\":50,\"minimumDurationMinutes\":0},"
                + "{\"percentage\":20,\"minimumDurationMinutes\":0}]}")
        .put(path(catalog, "2.0.0", "stable") + "/plan")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("/stages/1/percentage"))
        .body("errors[0].message", containsString("more than the previous stage's 50, was 20"));
  }

  @Test
  void shouldAnswerAPlanPutWithWhatTheRolloutsGetShowsInTheSameUnits() throws Exception {
    Catalog catalog = Catalog.newProduct();
    catalog.release("2.0.0").on("stable");
    String path = path(catalog, "2.0.0", "stable");

    String put =
        asAdmin()
            .contentType("application/json")
            .body(PLAN)
            .put(path + "/plan")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    String get = asAdmin().get(path).then().statusCode(200).extract().asString();

    assertThat(JSON.readTree(put)).isEqualTo(JSON.readTree(get));
    assertThat(JSON.readTree(get).get("plan")).isEqualTo(JSON.readTree(PLAN));
  }

  @Test
  void shouldReadAPutPlanByTheRulesOfAPublishedOne() throws Exception {
    Catalog catalog = Catalog.newProduct();
    catalog.release("2.0.0").on("stable");
    String put =
        asAdmin()
            .contentType("application/json")
            .body("{\"stages\":[{\"percentage\":10}]}")
            .put(path(catalog, "2.0.0", "stable") + "/plan")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(JSON.readTree(put).get("plan"))
        .isEqualTo(
            JSON.readTree(
                "{\"stages\":[{\"percentage\":10,\"minimumDurationMinutes\":0},"
                    + "{\"percentage\":100,\"minimumDurationMinutes\":0}],"
                    + "\"thresholds\":{\"minimumReports\":100,\"minimumSuccessRate\":0.99,"
                    + "\"maximumErrorRate\":0.01}}"));
  }

  @Test
  void shouldShowAPublishedPlanAsItWasPublished() throws Exception {
    ReleaseFixture release = aRelease().createDraft().uploadAll();
    asAdmin()
        .contentType("application/json")
        .body("{\"channel\":\"stable\",\"rolloutPlan\":" + PLAN + "}")
        .post(release.path() + "/publish")
        .then()
        .statusCode(200);

    String get =
        asAdmin()
            .get("/api/v1/admin/rollouts/" + release.product + "/" + release.version + "/stable")
            .then()
            .statusCode(200)
            .extract()
            .asString();

    assertThat(JSON.readTree(get).get("plan")).isEqualTo(JSON.readTree(PLAN));
  }

  /** A plan field misspelled or in another unit must not silently mean "no minimum duration". */
  @Test
  void shouldRefuseAPlanFieldItDoesNotKnowNamingItWhereverAPlanIsGiven() {
    String hours = "{\"stages\":[{\"percentage\":5,\"minimumDurationHours\":2}]}";
    ReleaseFixture release = aRelease().createDraft().uploadAll();
    asAdmin()
        .contentType("application/json")
        .body("{\"channel\":\"stable\",\"rolloutPlan\":" + hours + "}")
        .post(release.path() + "/publish")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("/rolloutPlan/stages/0/minimumDurationHours"))
        .body("errors[0].message", containsString("minimumDurationMinutes"));
    asAdmin().get(release.path()).then().statusCode(200).body("state", equalTo("draft"));

    asAdmin()
        .contentType("application/json")
        .body("{\"channel\":\"stable\"}")
        .post(release.path() + "/publish")
        .then()
        .statusCode(200);
    asAdmin()
        .contentType("application/json")
        .body(
            "{\"channel\":\"beta\",\"rolloutPlan\":{\"stages\":[{\"percentage\":100}],"
                + "\"thresholds\":{\"maxErrorRate\":0.5}}}")
        .post(release.path() + "/promote")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("/rolloutPlan/thresholds/maxErrorRate"))
        .body("errors[0].message", containsString("maximumErrorRate"));

    asAdmin()
        .contentType("application/json")
        .body(hours)
        .put("/api/v1/admin/rollouts/" + release.product + "/" + release.version + "/stable/plan")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("/stages/0/minimumDurationHours"))
        .body("detail", containsString("/stages/0/minimumDurationHours"));
  }
}
