package org.openupdate.server.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openupdate.server.checksupport.Reports;
import org.openupdate.server.support.Admin;
import org.openupdate.server.support.ReleaseFixture;

/** The pieces the layout and htmx fetch besides pages: the htmx script, the live counts. */
@QuarkusTest
class ConsolePartsTest {

  private static final Pattern HTMX_SCRIPT =
      Pattern.compile("<script src=\"(/webjars/htmx\\.org/[^\"]+)\"");

  @Test
  void shouldServeTheHtmxScriptAtThePathTheLayoutNames() {
    // The layout names the webjar's version in its path; a new htmx.version in the pom without the
    // same change in layout.html would leave every page without htmx.
    Matcher script = HTMX_SCRIPT.matcher(given().get("/").then().extract().asString());
    assertThat(script.find()).as("the layout loads htmx from its webjar").isTrue();

    given()
        .get(script.group(1))
        .then()
        .statusCode(200)
        .contentType(containsString("javascript"))
        .body(containsString("htmx"));
  }

  @Test
  void shouldCountANewStatusReportInTheRolloutsLiveCounts() {
    ReleaseFixture release = ReleaseFixture.aRelease().published();
    Cookie session = ConsoleSessionTest.signIn(Admin.ADMIN_TOKEN).getDetailedCookie("ou_session");
    String counts =
        "/console/releases/" + release.product + "/" + release.version + "/rollouts/stable/counts";
    assertThat(cell(session, counts, "successes")).isEqualTo("0");
    assertThat(cell(session, counts, "failures")).isEqualTo("0");

    Reports.post(
            Reports.report(release.product, release.version, "stable", "counted-1", "completed"))
        .statusCode(202);
    Reports.post(Reports.report(release.product, release.version, "stable", "counted-2", "failed"))
        .statusCode(202);

    assertThat(cell(session, counts, "successes")).isEqualTo("1");
    assertThat(cell(session, counts, "failures")).isEqualTo("1");
  }

  /** One number of the counts fragment, found by its cell's id. */
  private static String cell(Cookie session, String path, String count) {
    String fragment = given().cookie(session).get(path).then().statusCode(200).extract().asString();
    Matcher value = Pattern.compile("id=\"" + count + "-stable\">([^<]*)</td>").matcher(fragment);
    assertThat(value.find()).as(count + " in " + fragment).isTrue();
    return value.group(1);
  }
}
