package org.openupdate.server.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.Cookie;
import org.junit.jupiter.api.Test;
import org.openupdate.server.support.Admin;

/**
 * The keys page once the generated key is protected by a passphrase: the warning about an
 * unprotected key is gone (as the README promises), a note that the generated key signs stays. The
 * unprotected case: AdministrationBrowserTest.
 */
@QuarkusTest
@TestProfile(ProtectedKeyProfile.class)
class ProtectedKeyConsoleTest {

  @Test
  void shouldDropTheUnprotectedKeyWarningOnceTheGeneratedKeyHasAPassphrase() {
    Cookie session = ConsoleSessionTest.signIn(Admin.ADMIN_TOKEN).getDetailedCookie("ou_session");
    given()
        .cookie(session)
        .get("/console/keys")
        .then()
        .statusCode(200)
        .body(not(containsString("id=\"dev-key-warning\"")))
        .body(containsString("id=\"dev-key-note\""));
  }
}
