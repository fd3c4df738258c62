package org.openupdate.server.console.browser;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openupdate.server.support.Admin;

/** Tokens, the audit log and the signing keys, from the browser. */
@QuarkusTest
class AdministrationBrowserTest extends BrowserTestBase {

  @Test
  void shouldShowANewTokensSecretOnceAndEndItsUseWhenRevoked() {
    String name = Admin.unique("ci");
    SignInPage.open(browser).signIn(Admin.ADMIN_TOKEN);
    TokensPage created = TokensPage.open(browser).create(name, "publisher");
    String secret = created.shownSecret();
    assertThat(secret).startsWith("ou_");
    assertThat(TokensPage.open(browser).showsASecret()).as("shown once").isFalse();

    created.signOut();
    OverviewPage asNewToken = SignInPage.open(browser).signIn(secret);
    assertThat(asNewToken.signedInAs()).startsWith(name);
    asNewToken.signOut();

    SignInPage.open(browser).signIn(Admin.ADMIN_TOKEN);
    TokensPage revoked = TokensPage.open(browser).revoke(name);
    assertThat(revoked.result()).isEqualTo("Revoked the token '" + name + "'.");
    assertThat(revoked.signOut().signInRefused(secret).error())
        .isEqualTo("That token is unknown or revoked.");
  }

  @Test
  void shouldFindWhoCreatedATokenInTheAuditLog() {
    String name = Admin.unique("audited");
    Admin.newToken("viewer");
    SignInPage.open(browser).signIn(Admin.ADMIN_TOKEN);
    TokensPage.open(browser).create(name, "viewer");

    List<String> rows = AuditPage.open(browser).filter("initial-admin", "token.").rows();
    assertThat(rows).contains("initial-admin token.create token:" + name);
    assertThat(rows).allMatch(r -> r.startsWith("initial-admin token."));
  }

  @Test
  void shouldWarnWhileTheGeneratedDevelopmentKeySignsUnprotected() {
    SignInPage.open(browser).signIn(Admin.ADMIN_TOKEN);
    KeysPage keys = KeysPage.open(browser);
    assertThat(keys.warnsAboutTheGeneratedKey())
        .as("the test server's generated key has no passphrase")
        .isTrue();
    assertThat(keys.notesTheProtectedGeneratedKey()).isFalse();
    List<String> served = given().get("/api/v1/keys").then().extract().path("fingerprint");
    assertThat(keys.fingerprints()).isEqualTo(served);
  }
}
