package org.openupdate.server.console.browser;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.server.support.Admin;
import org.openupdate.server.support.ReleaseFixture;

/** Running a release from the browser: publish it, watch it, halt it. */
@QuarkusTest
class ReleaseBrowserTest {

  @TestHTTPResource("/")
  URL server;

  @TempDir Path files;

  private Browser browser;

  @BeforeEach
  void openBrowser(TestInfo test) {
    browser = Browser.open(server, test);
  }

  @AfterEach
  void closeBrowser() {
    browser.close();
  }

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
