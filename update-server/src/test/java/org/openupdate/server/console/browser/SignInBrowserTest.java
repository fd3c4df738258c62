package org.openupdate.server.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.openupdate.server.support.Admin;

@QuarkusTest
class SignInBrowserTest extends BrowserTestBase {

  @Test
  void shouldSignInWithATokenAndSignOutAgain() {
    SignInPage signIn = SignInPage.open(browser);
    assertThat(signIn.version()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(signIn.linksTo("/q/swagger-ui")).isTrue();

    OverviewPage overview = signIn.signIn(Admin.ADMIN_TOKEN);
    assertThat(overview.signedInAs()).startsWith("initial-admin");
    assertThat(overview.navigation()).contains("Overview", "Releases", "Publish", "Tokens");

    SignInPage signedOut = overview.signOut();
    assertThat(signedOut.result()).isEqualTo("Signed out.");
    assertThat(signedOut.showsSignInForm()).isTrue();

    browser.go("/console/releases");
    assertThat(new SignInPage(browser).showsSignInForm())
        .as("a page of the console after sign-out leads to the sign-in form")
        .isTrue();
  }

  @Test
  void shouldRefuseAnUnknownToken() {
    SignInPage refused = SignInPage.open(browser).signInRefused("ou_not-a-token-of-this-server");
    assertThat(refused.error()).isEqualTo("That token is unknown or revoked.");
    assertThat(refused.showsSignInForm()).isTrue();
  }
}
