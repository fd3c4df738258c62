package org.openupdate.server.console.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.server.support.Admin.asAdmin;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openupdate.server.support.Admin;
import org.openupdate.server.support.ReleaseFixture;

/** The API's roles in the browser: controls hidden by role, and refused by the server anyway. */
@QuarkusTest
class RolesBrowserTest extends BrowserTestBase {

  @Test
  void shouldShowAViewerNoWriteControlsAndRefuseTheHaltItForges() {
    ReleaseFixture release = ReleaseFixture.aRelease().published();
    OverviewPage overview = SignInPage.open(browser).signIn(Admin.newToken("viewer"));
    assertThat(overview.navigation())
        .contains("Overview", "Releases", "Fleet", "Audit")
        .doesNotContain("Publish", "Tokens", "Licenses");

    ReleasePage page = ReleasePage.open(browser, release.product, release.version);
    assertThat(page.rolloutState("stable")).isEqualTo("ACTIVE");
    assertThat(page.showsWriteControls()).isFalse();

    ErrorPage refused =
        ErrorPage.forgePost(
            browser,
            haltPath(release),
            Map.of("csrf", ErrorPage.csrfToken(browser), "reason", "forged"));
    assertThat(refused.status()).startsWith("HTTP 403");
    assertThat(refused.detail()).contains("has role viewer; this needs publisher");
    assertThat(rolloutState(release)).isEqualTo("ACTIVE");
  }

  @Test
  void shouldRefuseAChangeWithoutTheSessionsCsrfToken() {
    ReleaseFixture release = ReleaseFixture.aRelease().published();
    SignInPage.open(browser).signIn(Admin.ADMIN_TOKEN);
    ReleasePage.open(browser, release.product, release.version);

    ErrorPage withoutToken =
        ErrorPage.forgePost(browser, haltPath(release), Map.of("reason", "no token"));
    assertThat(withoutToken.status()).startsWith("HTTP 403");
    assertThat(withoutToken.detail()).contains("no valid CSRF token");

    ErrorPage wrongToken =
        ErrorPage.forgePost(
            browser, haltPath(release), Map.of("csrf", "guessed", "reason", "wrong token"));
    assertThat(wrongToken.status()).startsWith("HTTP 403");
    assertThat(rolloutState(release)).isEqualTo("ACTIVE");
  }

  private static String haltPath(ReleaseFixture release) {
    return "/console/releases/" + release.product + "/" + release.version + "/rollouts/stable/halt";
  }

  private static String rolloutState(ReleaseFixture release) {
    return asAdmin()
        .get("/api/v1/admin/rollouts/" + release.product + "/" + release.version + "/stable")
        .then()
        .statusCode(200)
        .extract()
        .path("state");
  }
}
