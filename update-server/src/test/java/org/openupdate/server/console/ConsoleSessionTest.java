package org.openupdate.server.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.openupdate.server.support.Admin.asAdmin;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openupdate.server.support.Admin;
import org.openupdate.server.support.ReleaseFixture;

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
    assertThat(ConsoleHttpsTest.attributes(cookie))
        .as("Secure only over HTTPS (ConsoleHttpsTest): this is plain HTTP")
        .doesNotContain("secure");
  }

  @Test
  void shouldEndTheSessionWhenItsTokenIsRevoked() {
    String name = Admin.unique("viewer");
    String token = Admin.newToken(name, "viewer");
    Cookie session = signIn(token).getDetailedCookie("ou_session");
    given().cookie(session).redirects().follow(false).get("/console/audit").then().statusCode(200);

    asAdmin().delete("/api/v1/admin/tokens/" + name).then().statusCode(200);

    assertSentToSignIn(session);
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

  @Test
  void shouldDeleteTheSessionOnSignOutSoThatItsCookieNoLongerWorks() {
    Cookie session = signIn(Admin.ADMIN_TOKEN).getDetailedCookie("ou_session");
    String csrf = csrfToken(session, "/console/audit");

    given()
        .cookie(session)
        .redirects()
        .follow(false)
        .contentType("application/x-www-form-urlencoded")
        .formParam("csrf", csrf)
        .post("/console/sign-out")
        .then()
        .statusCode(303);

    // A copy of the cookie kept after sign-out (another tab, a stolen copy) names no session.
    assertSentToSignIn(session);
    given()
        .cookie(session)
        .redirects()
        .follow(false)
        .contentType("application/x-www-form-urlencoded")
        .formParam("csrf", csrf)
        .post("/console/sign-out")
        .then()
        .statusCode(401);
  }

  @Test
  void shouldRecordSignInAndSignOutInTheAuditLog() {
    String name = Admin.unique("audited-viewer");
    String token = Admin.newToken(name, "viewer");
    Cookie session = signIn(token).getDetailedCookie("ou_session");
    given()
        .cookie(session)
        .contentType("application/x-www-form-urlencoded")
        .formParam("csrf", csrfToken(session, "/console/audit"))
        .redirects()
        .follow(false)
        .post("/console/sign-out")
        .then()
        .statusCode(303);

    List<String> actions =
        asAdmin()
            .queryParam("actor", name)
            .queryParam("action", "console.")
            .get("/api/v1/admin/audit")
            .then()
            .statusCode(200)
            .body("target", everyItem(equalTo("token:" + name)))
            .extract()
            .path("action");
    assertThat(actions).as("newest first").containsExactly("console.sign-out", "console.sign-in");
  }

  @Test
  void shouldAcceptAnHtmxRequestWithTheSessionsCsrfHeaderAndRefuseAWrongOne() {
    ReleaseFixture release = ReleaseFixture.aRelease().published();
    Cookie session = signIn(Admin.ADMIN_TOKEN).getDetailedCookie("ou_session");
    String csrf = csrfToken(session, "/console/audit");
    String halt =
        "/console/releases/" + release.product + "/" + release.version + "/rollouts/stable/halt";

    given()
        .cookie(session)
        .header("HX-Request", "true")
        .header("X-CSRF-Token", "guessed-" + csrf)
        .contentType("application/x-www-form-urlencoded")
        .formParam("reason", "wrong header")
        .redirects()
        .follow(false)
        .post(halt)
        .then()
        .statusCode(403)
        .body(containsString("no valid CSRF token"));
    assertThat(rolloutState(release)).isEqualTo("ACTIVE");

    given()
        .cookie(session)
        .header("HX-Request", "true")
        .header("X-CSRF-Token", csrf)
        .contentType("application/x-www-form-urlencoded")
        .formParam("reason", "right header")
        .redirects()
        .follow(false)
        .post(halt)
        .then()
        .statusCode(303);
    assertThat(rolloutState(release)).isEqualTo("HALTED");
  }

  @Test
  void shouldGiveHtmxTheHeaderWithTheSessionsCsrfToken() {
    Cookie session = signIn(Admin.ADMIN_TOKEN).getDetailedCookie("ou_session");
    String page = given().cookie(session).get("/console/audit").then().extract().asString();
    assertThat(page)
        .contains(
            "hx-headers=\"{&quot;X-CSRF-Token&quot;: &quot;"
                + csrfToken(session, "/")
                + "&quot;}\"");
  }

  private static String rolloutState(ReleaseFixture release) {
    return asAdmin()
        .get("/api/v1/admin/rollouts/" + release.product + "/" + release.version + "/stable")
        .then()
        .statusCode(200)
        .extract()
        .path("state");
  }

  /** The CSRF token a signed-in page's forms carry. */
  static String csrfToken(Cookie session, String page) {
    String html =
        given()
            .cookie(session)
            .redirects()
            .follow(false)
            .get(page)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    Matcher csrf = FORM_TOKEN.matcher(html);
    assertThat(csrf.find()).as("a form with a CSRF token on " + page).isTrue();
    return csrf.group(1);
  }

  /** Signs in as a browser does: the form's token and its cookie, then the token. */
  /** A request with a session that no longer counts is sent to sign in, then back to the page. */
  static void assertSentToSignIn(Cookie session) {
    given()
        .cookie(session)
        .redirects()
        .follow(false)
        .get("/console/audit")
        .then()
        .statusCode(303)
        .header("Location", containsString("/?then=%2Fconsole%2Faudit"));
  }

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
