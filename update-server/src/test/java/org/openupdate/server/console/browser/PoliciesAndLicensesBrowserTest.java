package org.openupdate.server.console.browser;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.server.support.Admin.asAdmin;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openupdate.server.support.Admin;
import org.openupdate.server.support.ReleaseFixture;

/** Licenses and release policies from the browser: admins change them, nobody else can. */
@QuarkusTest
class PoliciesAndLicensesBrowserTest extends BrowserTestBase {

  @Test
  void shouldShowANewLicensesKeyOnceAndRefuseItsChecksOnceRevoked() {
    ReleaseFixture release = ReleaseFixture.aRelease().published();
    String customer = Admin.unique("Customer");
    SignInPage.open(browser).signIn(Admin.ADMIN_TOKEN);

    LicensesPage created = LicensesPage.open(browser).create(customer, "stable");
    String key = created.shownKey();
    String id = created.createdId();
    assertThat(key).isNotBlank();
    assertThat(created.row(id)).contains(customer).contains("stable").endsWith("active Revoke…");
    check(release, key).statusCode(200);
    assertThat(LicensesPage.open(browser).showsAKey()).as("the key is shown once").isFalse();

    ConfirmPage question = LicensesPage.open(browser).askToRevoke(id);
    assertThat(question.question()).startsWith("Revoke license " + id + "?");
    question.confirm();
    LicensesPage revoked = new LicensesPage(browser);
    assertThat(revoked.result()).isEqualTo("Revoked license " + id + ".");
    assertThat(revoked.row(id)).endsWith("revoked");
    check(release, key).statusCode(403);
  }

  @Test
  void shouldChangeAProductsPolicyAsAnAdmin() {
    ReleaseFixture release = ReleaseFixture.aRelease().published();
    SignInPage.open(browser).signIn(Admin.ADMIN_TOKEN);

    PoliciesPage saved = PoliciesPage.open(browser).save(release.product, true, 90, "stable");

    assertThat(saved.result()).isEqualTo("Saved the policy of " + release.product + ".");
    ValidatableResponse policy =
        asAdmin().get("/api/v1/admin/policies/" + release.product).then().statusCode(200);
    assertThat(policy.extract().<Boolean>path("approvalRequired")).isTrue();
    assertThat(policy.extract().<Integer>path("minimumSoakMinutes")).isEqualTo(90);
    assertThat(policy.extract().<String>path("soakTargetChannel")).isEqualTo("stable");
  }

  @Test
  void shouldShowAPublisherNoPolicyOrLicenseFormAndRefuseWhatItForges() {
    ReleaseFixture release = ReleaseFixture.aRelease().published();
    OverviewPage overview = SignInPage.open(browser).signIn(Admin.newToken("publisher"));
    assertThat(overview.navigation()).contains("Policies").doesNotContain("Licenses");

    PoliciesPage policies = PoliciesPage.open(browser);
    assertThat(policies.showsAPolicyForm()).isFalse();
    assertThat(policies.policy(release.product)).contains("Approval required\nno");

    ErrorPage forgedPolicy =
        ErrorPage.forgePost(
            browser,
            "/console/policies/" + release.product,
            Map.of("csrf", ErrorPage.csrfToken(browser), "approvalRequired", "true"));
    assertThat(forgedPolicy.status()).startsWith("HTTP 403");
    assertThat(forgedPolicy.detail()).contains("has role publisher; this needs admin");
    assertThat(
            asAdmin()
                .get("/api/v1/admin/policies/" + release.product)
                .then()
                .extract()
                .<Boolean>path("approvalRequired"))
        .isFalse();

    browser.go("/console/licenses");
    assertThat(new ErrorPage(browser).status()).startsWith("HTTP 403");
    String forged = Admin.unique("forged");
    ErrorPage forgedLicense =
        ErrorPage.forgePost(
            browser,
            "/console/licenses",
            Map.of("csrf", ErrorPage.csrfToken(browser), "customer", forged));
    assertThat(forgedLicense.status()).startsWith("HTTP 403");
    assertThat(
            asAdmin()
                .get("/api/v1/admin/licenses")
                .then()
                .extract()
                .<java.util.List<String>>path("customer"))
        .doesNotContain(forged);
  }

  /** An update check presenting a license key. */
  private static ValidatableResponse check(ReleaseFixture release, String key) {
    return given()
        .header("X-Product", release.product)
        .header("X-Current-Version", "0.1.0")
        .header("X-Channel", "stable")
        .header("X-Client-Id", "licensed-1")
        .header("X-License-Key", key)
        .get("/api/v1/updates/check")
        .then();
  }
}
