package org.openupdate.server.release;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.openupdate.server.support.Admin.as;
import static org.openupdate.server.support.Admin.asAdmin;
import static org.openupdate.server.support.Admin.newToken;
import static org.openupdate.server.support.ReleaseFixture.aRelease;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openupdate.server.support.Admin;
import org.openupdate.server.support.ReleaseFixture;

@QuarkusTest
class PublishFlowTest {

  @Test
  void shouldPublishDraftAndServeExactManifestBytes() {
    ReleaseFixture release = aRelease().set("channel", "beta").createDraft();
    asAdmin()
        .get(release.path())
        .then()
        .statusCode(200)
        .body("state", equalTo("draft"))
        .body("artifacts[0].available", equalTo(false));
    release.uploadAll();
    asAdmin()
        .contentType("application/json")
        .body(Map.of("channel", "beta"))
        .post(release.path() + "/publish")
        .then()
        .statusCode(200)
        .body("state", equalTo("published"))
        .body("signatureSource", equalTo("server"))
        .body("publications.channel", contains("beta"));

    byte[] served =
        given()
            .get("/api/v1/releases/" + release.product + "/1.0.0/manifest")
            .then()
            .statusCode(200)
            .header("ETag", "\"" + ReleaseFixture.sha256(release.manifestBytes()) + "\"")
            .extract()
            .asByteArray();
    assertThat(served).isEqualTo(release.manifestBytes());
    given()
        .get("/api/v1/releases/" + release.product + "/1.0.0/manifest.asc")
        .then()
        .statusCode(200)
        .body(containsString("BEGIN PGP SIGNATURE"));
  }

  @Test
  void shouldNotServeManifestOfDraft() {
    ReleaseFixture release = aRelease().createDraft();
    given()
        .get("/api/v1/releases/" + release.product + "/1.0.0/manifest")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void shouldRefusePublishingWhileArtifactsAreMissing() {
    ReleaseFixture release = aRelease().createDraft();
    asAdmin()
        .contentType("application/json")
        .body(Map.of("channel", "stable"))
        .post(release.path() + "/publish")
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("/components/backend"));
    asAdmin().get(release.path()).then().body("state", equalTo("draft"));
  }

  @Test
  void shouldAnswer409ForSecondPublicationOnSameChannel() {
    ReleaseFixture release = aRelease().published();
    asAdmin()
        .contentType("application/json")
        .body(Map.of("channel", "stable"))
        .post(release.path() + "/publish")
        .then()
        .statusCode(409)
        .body("detail", containsString("already published on channel 'stable'"));
  }

  @Test
  void shouldAnswer422NamingUnknownChannel() {
    ReleaseFixture release = aRelease().createDraft().uploadAll();
    asAdmin()
        .contentType("application/json")
        .body(Map.of("channel", "nightly-x"))
        .post(release.path() + "/publish")
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("channel"))
        .body("errors[0].message", containsString("'nightly-x'"));
    asAdmin().get(release.path()).then().body("state", equalTo("draft"));
  }

  @Test
  void shouldPromoteWithoutReuploadKeepingBytesAndSignature() {
    ReleaseFixture release =
        aRelease().set("channel", "beta").createDraft().uploadAll().publish("beta");
    String signature =
        given().get("/api/v1/releases/" + release.product + "/1.0.0/manifest.asc").asString();
    release
        .promote("stable")
        .statusCode(200)
        .body("publications.channel", contains("beta", "stable"));
    assertThat(
            given().get("/api/v1/releases/" + release.product + "/1.0.0/manifest.asc").asString())
        .isEqualTo(signature);
    assertThat(given().get("/api/v1/releases/" + release.product + "/1.0.0/manifest").asByteArray())
        .isEqualTo(release.manifestBytes());
  }

  @Test
  void shouldRefusePromotingDraft() {
    ReleaseFixture release = aRelease().createDraft().uploadAll();
    release.promote("stable").statusCode(409).body("detail", containsString("draft"));
  }

  @Test
  void shouldStoreRolloutPlanWithPublication() {
    ReleaseFixture release = aRelease().createDraft().uploadAll();
    Map<String, Object> plan =
        Map.of(
            "stages",
            List.of(
                Map.of("percentage", 5, "minimumDurationMinutes", 60), Map.of("percentage", 100)));
    asAdmin()
        .contentType("application/json")
        .body(Map.of("channel", "stable", "rolloutPlan", plan))
        .post(release.path() + "/publish")
        .then()
        .statusCode(200)
        .body("publications[0].rolloutPlan.stages[0].percentage", equalTo(5))
        .body("publications[0].rolloutPlan.stages[0].minimumDurationMinutes", equalTo(60))
        .body("publications[0].rolloutPlan.stages[1].percentage", equalTo(100));
  }

  @Test
  void shouldRollOutWithTheThresholdsOfThePublishedPlan() {
    ReleaseFixture release = aRelease().createDraft().uploadAll();
    Map<String, Object> plan =
        Map.of(
            "stages",
            List.of(Map.of("percentage", 10), Map.of("percentage", 100)),
            "thresholds",
            Map.of("minimumReports", 20, "maximumErrorRate", 0.5));
    asAdmin()
        .contentType("application/json")
        .body(Map.of("channel", "stable", "rolloutPlan", plan))
        .post(release.path() + "/publish")
        .then()
        .statusCode(200);
    asAdmin()
        .get("/api/v1/admin/rollouts/" + release.product + "/1.0.0/stable")
        .then()
        .statusCode(200)
        .body("plan.thresholds.minimumReports", equalTo(20))
        .body("plan.thresholds.maximumErrorRate", equalTo(0.5f))
        .body("plan.thresholds.minimumSuccessRate", equalTo(0.99f));
  }

  @Test
  void shouldRejectRolloutPlanWithBadThresholds() {
    ReleaseFixture release = aRelease().createDraft().uploadAll();
    Map<String, Object> plan =
        Map.of(
            "stages", List.of(Map.of("percentage", 100)),
            "thresholds", Map.of("maximumErrorRate", 1.5));
    asAdmin()
        .contentType("application/json")
        .body(Map.of("channel", "stable", "rolloutPlan", plan))
        .post(release.path() + "/publish")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("/rolloutPlan/thresholds/maximumErrorRate"))
        .body("errors[0].message", containsString("was 1.5"));
  }

  @Test
  void shouldRejectRolloutPlanWithBadPercentages() {
    ReleaseFixture release = aRelease().createDraft().uploadAll();
    Map<String, Object> plan =
        Map.of("stages", List.of(Map.of("percentage", 50), Map.of("percentage", 140)));
    asAdmin()
        .contentType("application/json")
        .body(Map.of("channel", "stable", "rolloutPlan", plan))
        .post(release.path() + "/publish")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("/rolloutPlan/stages/1/percentage"))
        .body("errors[0].message", containsString("was 140"));
    asAdmin().get(release.path()).then().body("state", equalTo("draft"));
  }

  @Test
  void shouldPullFromOneChannelThenEverywhere() {
    ReleaseFixture release =
        aRelease().set("channel", "beta").createDraft().uploadAll().publish("beta");
    release.promote("stable").statusCode(200);
    asAdmin()
        .contentType("application/json")
        .body(Map.of("channel", "beta", "reason", "crash on start"))
        .post(release.path() + "/pull")
        .then()
        .statusCode(200)
        .body("state", equalTo("published"))
        .body("publications.find { it.channel == 'beta' }.pullReason", equalTo("crash on start"))
        .body("publications.find { it.channel == 'stable' }.pulledAt", nullValue());
    given().get("/api/v1/releases/" + release.product + "/1.0.0/manifest").then().statusCode(200);

    asAdmin()
        .contentType("application/json")
        .body(Map.of("reason", "bad build"))
        .post(release.path() + "/pull")
        .then()
        .statusCode(200)
        .body("state", equalTo("pulled"));
    given().get("/api/v1/releases/" + release.product + "/1.0.0/manifest").then().statusCode(404);
    release.promote("early-access").statusCode(409);
  }

  @Test
  void shouldShowHistoryFromAuditLog() {
    ReleaseFixture release = aRelease().published();
    asAdmin()
        .get(release.path())
        .then()
        .statusCode(200)
        .body(
            "history.action",
            hasItems("release.create", "release.artifact.upload", "release.publish"))
        .body("history[0].actor", equalTo("initial-admin"));
  }

  @Test
  void shouldListReleasesOfProductByState() {
    ReleaseFixture release = aRelease().published();
    release.version("1.1.0").createDraft();
    asAdmin()
        .queryParam("product", release.product)
        .get("/api/v1/admin/releases")
        .then()
        .statusCode(200)
        .body("version", contains("1.1.0", "1.0.0"));
    asAdmin()
        .queryParam("product", release.product)
        .queryParam("state", "published")
        .get("/api/v1/admin/releases")
        .then()
        .body("version", contains("1.0.0"))
        .body("[0].channels", contains("stable"));
  }

  @Test
  void shouldForbidViewerFromPublishing() {
    ReleaseFixture release = aRelease().createDraft().uploadAll();
    as(newToken("viewer"))
        .contentType("application/json")
        .body(Map.of("channel", "stable"))
        .post(release.path() + "/publish")
        .then()
        .statusCode(403);
    asAdmin().get(release.path()).then().body("state", equalTo("draft"));
  }

  @Test
  void shouldLetPublisherPublish() {
    ReleaseFixture release = aRelease().createDraft().uploadAll();
    as(newToken("publisher"))
        .contentType("application/json")
        .body(Map.of("channel", "stable"))
        .post(release.path() + "/publish")
        .then()
        .statusCode(200);
  }

  @Test
  void shouldPublishReleaseWhoseArtifactsAreExternal() {
    String product = Admin.unique("ext");
    ReleaseFixture.createProduct(product);
    byte[] manifest = ReleaseFixture.external(product).manifestBytes();
    asAdmin()
        .contentType("application/json")
        .body(manifest)
        .post("/api/v1/admin/releases")
        .then()
        .statusCode(201)
        .body("artifacts[0].available", equalTo(true))
        .body("artifacts[0].downloadUrl", equalTo("https://cdn.example.com/app-2.0.0.tar.gz"));
    asAdmin()
        .contentType("application/octet-stream")
        .body(new byte[] {1, 2, 3})
        .put("/api/v1/admin/releases/" + product + "/2.0.0/artifacts/app")
        .then()
        .statusCode(409)
        .body("detail", containsString("external URL"));
    asAdmin()
        .contentType("application/json")
        .body(Map.of("channel", "stable"))
        .post("/api/v1/admin/releases/" + product + "/2.0.0/publish")
        .then()
        .statusCode(200);
  }
}
