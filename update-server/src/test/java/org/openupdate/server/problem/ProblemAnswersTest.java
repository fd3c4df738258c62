package org.openupdate.server.problem;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.openupdate.server.support.Admin.ADMIN_TOKEN;
import static org.openupdate.server.support.Admin.asAdmin;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.openupdate.server.support.RawHttp;

/** Every refusal is application/problem+json with a type and a title, wherever it happens. */
@QuarkusTest
class ProblemAnswersTest {

  private static final String AUTH = "Authorization: Bearer " + ADMIN_TOKEN;

  @Test
  void shouldNameAWronglyTypedFieldOfTheBody() {
    asAdmin()
        .contentType("application/json")
        .body("{\"name\":[\"stable\"]}")
        .post("/api/v1/admin/channels")
        .then()
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE)
        .body("type", equalTo("https://openupdate.org/problems/validation-failed"))
        .body("errors[0].field", equalTo("name"))
        .body("errors[0].message", equalTo("must be a string"));
  }

  @Test
  void shouldAnswerABodyOfAnotherShapeWithAProblem() {
    asAdmin()
        .contentType("application/json")
        .body("[1]")
        .post("/api/v1/admin/products")
        .then()
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE)
        .body("title", equalTo("The request could not be read"))
        .body("detail", containsString("the body must be a JSON object"))
        .body("detail", not(containsString("org.openupdate")));
  }

  @Test
  void shouldAnswerJsonNestedTooDeepInsideAFieldWithAProblem() {
    String deep = "[".repeat(1500) + "]".repeat(1500);
    asAdmin()
        .contentType("application/json")
        .body("{\"name\":\"too-deep\",\"description\":" + deep + "}")
        .post("/api/v1/admin/channels")
        .then()
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE)
        .body("type", containsString("https://openupdate.org/problems/"))
        .body("detail", containsString("description"));
  }

  @Test
  void shouldAnswerANonNumericQueryParameterWith400NamingIt() {
    asAdmin()
        .get("/api/v1/admin/audit?limit=abc")
        .then()
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE)
        .body("errors[0].field", equalTo("limit"))
        .body("errors[0].message", equalTo("must be a whole number, was 'abc'"));
  }

  @Test
  void shouldAnswerANonNumericPathParameterWith400NamingIt() {
    asAdmin()
        .post("/api/v1/admin/licenses/abc/revoke")
        .then()
        .statusCode(400)
        .contentType(Problem.MEDIA_TYPE)
        .body("errors[0].field", equalTo("id"));
  }

  @Test
  void shouldAnswerAnEmptyContentLengthWithAProblem() throws IOException {
    RawHttp.Answer answer =
        RawHttp.send(
            "PUT /api/v1/admin/releases/default/1.0.0/artifacts/app HTTP/1.1\r\nHost: x\r\n"
                + AUTH
                + "\r\nContent-Length: ");
    assertProblem(answer, 400);
    assertThat(answer.body()).contains("Content-Length");
  }

  @Test
  void shouldAnswerMalformedPercentEncodingWithAProblem() throws IOException {
    assertProblem(
        RawHttp.send("GET /api/v1/admin/audit?target=%zz HTTP/1.1\r\nHost: x\r\n" + AUTH), 400);
    assertProblem(RawHttp.send("GET /api/v1/releases/x/1.0%/manifest HTTP/1.1\r\nHost: x"), 400);
  }

  @Test
  void shouldAnswerATooLongUriWith414() throws IOException {
    assertProblem(RawHttp.send("GET /api/v1/" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x"), 414);
  }

  @Test
  void shouldAnswerTooLargeHeadersWith431() throws IOException {
    assertProblem(
        RawHttp.send("GET /api/v1/keys HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(30_000)), 431);
  }

  @Test
  void shouldAnswerARequestWithoutHostWithAProblem() throws IOException {
    assertProblem(RawHttp.send("GET /api/v1/keys HTTP/1.1"), 400);
  }

  @Test
  void shouldStillAnswerOrdinaryRequestsAsBefore() {
    given().get("/api/v1/keys").then().statusCode(200).contentType("application/json");
    given().get("/api/v1/keys?x=%41").then().statusCode(200);
  }

  private static void assertProblem(RawHttp.Answer answer, int status) {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
    assertThat(answer.contentType()).as(answer.toString()).startsWith(Problem.MEDIA_TYPE);
    assertThat(answer.body())
        .contains("\"type\":\"https://openupdate.org/problems/")
        .contains("\"title\":")
        .contains("\"status\":" + status);
  }
}
