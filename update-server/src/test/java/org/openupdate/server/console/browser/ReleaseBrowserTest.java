package org.openupdate.server.console.browser;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.server.support.Admin.as;
import static org.openupdate.server.support.Admin.asAdmin;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.server.checksupport.Reports;
import org.openupdate.server.support.Admin;
import org.openupdate.server.support.ReleaseFixture;

/** Running a release from the browser: publish it, watch it, halt it. */
@QuarkusTest
class ReleaseBrowserTest extends BrowserTestBase {

  @TempDir Path files;

  @Test
  void shouldStopOfferingAReleaseOnceItsRolloutIsHaltedInTheConsole() {
    ReleaseFixture release = ReleaseFixture.aRelease().published();
    assertThat(offeredTo("client-1", release)).isEqualTo("1.0.0");

    SignInPage.open(browser).signIn(Admin.ADMIN_TOKEN);
    ReleasePage page = ReleasePage.open(browser, release.product, release.version);
    assertThat(page.rolloutState("stable")).isEqualTo("ACTIVE");

    ConfirmPage question = page.askTo("halt", "stable");
    assertThat(question.question()).contains("No client will be offered it");
    ReleasePage halted = question.confirm("crashes on start");

    assertThat(halted.result())
        .isEqualTo("Rollout of 1.0.0 on stable halted: no client is offered it any more.");
    assertThat(halted.rolloutState("stable")).isEqualTo("HALTED");
    assertThat(offeredTo("client-1", release)).isNull();
  }

  @Test
  void shouldPublishAReleaseThroughTheBrowser() throws IOException {
    ReleaseFixture release = ReleaseFixture.aRelease();
    Path artifact = files.resolve("backend-1.0.0.tar.gz");
    Files.write(artifact, release.artifacts.get("backend"));
    SignInPage.open(browser).signIn(Admin.ADMIN_TOKEN);

    PublishPage refused =
        PublishPage.open(browser)
            .createDraftRefused(manifest(release).replace("\"1.0.0\"", "\"1.0\""));
    assertThat(refused.fieldErrors()).anyMatch(e -> e.startsWith("/version:"));

    ReleasePage draft = PublishPage.open(browser).createDraft(manifest(release));
    assertThat(draft.state()).isEqualTo("draft");
    assertThat(draft.artifactsMissing()).hasSize(1);

    ReleasePage uploaded = draft.upload("backend", artifact);
    assertThat(uploaded.artifactsMissing()).isEmpty();

    ReleasePage published = uploaded.publish().to("stable", "10:0 100");
    assertThat(published.result()).isEqualTo("Published 1.0.0 to stable.");
    assertThat(published.state()).isEqualTo("published");
    assertThat(published.rolloutState("stable")).isEqualTo("ACTIVE");
    assertThat(published.rolloutPercentage("stable")).isEqualTo("10");
    assertThat(published.signedBy()).isNotEmpty();
  }

  @Test
  void shouldApproveAdvancePauseResumeAndPromoteARolloutInTheConsole() {
    ReleaseFixture release =
        ReleaseFixture.aRelease().set("channel", "beta").createDraft().uploadAll();
    requireApproval(release.product);
    // Published by another token: approval must come from someone else than the publisher.
    as(Admin.newToken("publisher"))
        .contentType("application/json")
        .body(
            Map.of(
                "channel",
                "beta",
                "rolloutPlan",
                Map.of(
                    "stages",
                    List.of(
                        Map.of("percentage", 10, "minimumDurationMinutes", 600),
                        Map.of("percentage", 50, "minimumDurationMinutes", 600),
                        Map.of("percentage", 100)))))
        .post(release.path() + "/publish")
        .then()
        .statusCode(200);
    assertThat(rollout(release, "beta").<String>path("state")).isEqualTo("AWAITING_APPROVAL");

    SignInPage.open(browser).signIn(Admin.ADMIN_TOKEN);
    ReleasePage page = ReleasePage.open(browser, release.product, release.version);
    assertThat(page.rolloutState("beta")).isEqualTo("AWAITING_APPROVAL");

    ConfirmPage approve = page.askTo("approve", "beta");
    assertThat(approve.question())
        .isEqualTo(
            "Approve the rollout of 1.0.0 of "
                + release.product
                + " on beta? Its first stage starts now.");
    page = approve.confirm();
    assertThat(page.result()).isEqualTo("Rollout of 1.0.0 on beta approved.");
    assertThat(page.rolloutState("beta")).isEqualTo("ACTIVE");
    assertThat(rollout(release, "beta").<String>path("state")).isEqualTo("ACTIVE");
    assertThat(rollout(release, "beta").<Integer>path("percentage")).isEqualTo(10);

    // The live counts follow the reports without a reload: htmx fetches them every 5 s.
    assertThat(page.count("successes", "beta")).isEqualTo("0");
    Reports.post(Reports.report(release.product, "1.0.0", "beta", "live-1", "completed"))
        .statusCode(202);
    page.waitForCount("successes", "beta", "1");

    ConfirmPage advance = page.askTo("advance", "beta");
    assertThat(advance.question()).contains("to its next stage now, without waiting");
    page = advance.confirm("enough reports seen");
    assertThat(page.result()).isEqualTo("Rollout of 1.0.0 on beta advanced to its next stage.");
    assertThat(page.rolloutPercentage("beta")).isEqualTo("50");
    assertThat(rollout(release, "beta").<Integer>path("percentage")).isEqualTo(50);

    ConfirmPage pause = page.askTo("pause", "beta");
    assertThat(pause.question()).contains("Pause the rollout of 1.0.0");
    page = pause.confirm();
    assertThat(page.result()).isEqualTo("Rollout of 1.0.0 on beta paused.");
    assertThat(rollout(release, "beta").<String>path("state")).isEqualTo("PAUSED");

    ConfirmPage resume = page.askTo("resume", "beta");
    assertThat(resume.question()).contains("Resume the rollout of 1.0.0");
    page = resume.confirm();
    assertThat(page.result()).isEqualTo("Rollout of 1.0.0 on beta resumed.");
    assertThat(page.rolloutState("beta")).isEqualTo("ACTIVE");
    assertThat(rollout(release, "beta").<String>path("state")).isEqualTo("ACTIVE");

    page = page.promote().to("stable", "20:60 100");
    assertThat(page.result()).isEqualTo("Promoted 1.0.0 to stable.");
    ExtractableResponse<Response> promoted = rollout(release, "stable");
    assertThat(promoted.<List<Integer>>path("plan.stages.percentage")).containsExactly(20, 100);
    assertThat(promoted.<List<Integer>>path("plan.stages.minimumDurationMinutes"))
        .containsExactly(60, 0);
    assertThat(promoted.<String>path("state"))
        .as("the product's policy asks for approval on every channel")
        .isEqualTo("AWAITING_APPROVAL");
    assertThat(page.rolloutState("stable")).isEqualTo("AWAITING_APPROVAL");
  }

  @Test
  void shouldShowTheChangelogArtifactsAndSignaturesOfARelease() {
    ReleaseFixture release =
        ReleaseFixture.aRelease()
            .set(
                "changelog",
                Map.of(
                    "features",
                    List.of("CSV export", "dark mode"),
                    "fixes",
                    List.of("login loop"),
                    "security",
                    List.of("CVE-2026-0001: token leak in logs")))
            .published();

    SignInPage.open(browser).signIn(Admin.ADMIN_TOKEN);
    ReleasePage page = ReleasePage.open(browser, release.product, release.version);
    assertThat(page.changelog("features")).containsExactly("CSV export", "dark mode");
    assertThat(page.changelog("fixes")).containsExactly("login loop");
    assertThat(page.changelog("security")).containsExactly("CVE-2026-0001: token leak in logs");

    byte[] backend = release.artifacts.get("backend");
    String downloadUrl =
        asAdmin()
            .get("/api/v1/admin/releases/" + release.product + "/" + release.version)
            .then()
            .statusCode(200)
            .extract()
            .path("artifacts[0].downloadUrl");
    ReleasePage.Artifact shown = page.artifact("backend");
    assertThat(shown.size()).as("200,000 bytes").isEqualTo("195.3 KiB");
    assertThat(shown.sha256()).isEqualTo(ReleaseFixture.sha256(backend));
    assertThat(shown.url()).isEqualTo(downloadUrl);
    assertThat(given().get(shown.url()).then().statusCode(200).extract().asByteArray())
        .isEqualTo(backend);

    List<String> served = given().get("/api/v1/keys").then().extract().path("fingerprint");
    assertThat(page.signedBy()).isNotEmpty().isEqualTo(served);
  }

  /**
   * Asks for approval of every rollout of the product. The policy API knows a product once the
   * check snapshot, refreshed in the background after the product was created, does: until then it
   * answers 404, so this asks again for a few seconds.
   */
  private static void requireApproval(String product) {
    long giveUpAt = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    int status;
    do {
      status =
          asAdmin()
              .contentType("application/json")
              .body(Map.of("approvalRequired", true))
              .put("/api/v1/admin/policies/" + product)
              .statusCode();
    } while (status == 404 && System.nanoTime() < giveUpAt && pause());
    assertThat(status).isEqualTo(200);
  }

  private static boolean pause() {
    try {
      Thread.sleep(200);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static ExtractableResponse<Response> rollout(ReleaseFixture release, String channel) {
    return asAdmin()
        .get("/api/v1/admin/rollouts/" + release.product + "/" + release.version + "/" + channel)
        .then()
        .statusCode(200)
        .extract();
  }

  /** The version the update check offers a client on 0.1.0 of the product, or null. */
  static String offeredTo(String client, ReleaseFixture release) {
    return given()
        .header("X-Product", release.product)
        .header("X-Current-Version", "0.1.0")
        .header("X-Channel", "stable")
        .header("X-Client-Id", client)
        .get("/api/v1/updates/check")
        .then()
        .statusCode(200)
        .extract()
        .path("version");
  }

  private static String manifest(ReleaseFixture release) {
    return new String(release.manifestBytes(), StandardCharsets.UTF_8);
  }
}
