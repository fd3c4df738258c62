package org.openupdate.server.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.openupdate.server.support.Admin.asAdmin;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openupdate.server.support.Admin;

/** The session cookie's protections and its tie to the API token, over plain HTTP. */
@QuarkusTest
class ConsoleSessionTest {

  private static final Pattern FORM_TOKEN = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  @Test
  void shouldSetAStrictHttpOnlyExpiringSessionCookie() {
    Response signedIn = signIn(Admin.ADMIN_TOKEN);

    assertThat(signedIn.statusCode()).isEqualTo(303);
    String cookie =
        signedIn.headers().getValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("ou_session="))
            .findFirst()
            .orElseThrow();
    assertThat(cookie)
        .containsIgnoringCase("HttpOnly")
        .containsIgnoringCase("SameSite=Strict")
        .contains("Max-Age=28800")
        .doesNotContain(Admin.ADMIN_TOKEN);
  }

  @Test
  void shouldEndTheSessionWhenItsTokenIsRevoked() {
    String name = Admin.unique("viewer");
    String token =
        asAdmin()
            .contentType("application/json")
            .body(Map.of("name", name, "role", "viewer"))
            .post("/api/v1/admin/tokens")
            .then()
            .statusCode(201)
            .extract()
            .path("token");
    Cookie session = signIn(token).getDetailedCookie("ou_session");
    given().cookie(session).redirects().follow(false).get("/console/audit").then().statusCode(200);

    asAdmin().delete("/api/v1/admin/tokens/" + name).then().statusCode(200);

    given()
        .cookie(session)
        .redirects()
        .follow(false)
        .get("/console/audit")
        .then()
        .statusCode(303)
        .header("Location", containsString("/?then=%2Fconsole%2Faudit"));
  }

  @Test
  void shouldRefuseASignInFormFromAnotherSite() {
    given()
        .redirects()
        .follow(false)
        .contentType("application/x-www-form-urlencoded")
        .formParam("token", Admin.ADMIN_TOKEN)
        .formParam("csrf", "made-up-elsewhere")
        .post("/console/sign-in")
        .then()
        .statusCode(403)
        .contentType(containsString("text/html"));
  }

  /** Signs in as a browser does: the form's token and its cookie, then the token. */
  static Response signIn(String token) {
    Response form = given().get("/");
    Matcher csrf = FORM_TOKEN.matcher(form.asString());
    assertThat(csrf.find()).isTrue();
    return given()
        .redirects()
        .follow(false)
        .cookie(form.getDetailedCookie("ou_sign_in"))
        .contentType("application/x-www-form-urlencoded")
        .formParam("token", token)
        .formParam("csrf", csrf.group(1))
        .post("/console/sign-in");
  }
}
