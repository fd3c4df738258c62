package org.openupdate.server;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.openupdate.server.checksupport.Reports.post;
import static org.openupdate.server.checksupport.Reports.report;
import static org.openupdate.server.support.Admin.asAdmin;
import static org.openupdate.server.support.ReleaseFixture.aRelease;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openupdate.server.checksupport.Catalog;
import org.openupdate.server.support.Admin;

/**
 * A NUL character (escaped in JSON as backslash-u0000) in a free-text field: PostgreSQL refuses to
 * store it in text, so it is refused where JSON is read, with a 400 naming the field, never a 500
 * (or, for a status report, a failed batch that takes other agents' reports with it). Runs on the
 * PostgreSQL suite too.
 */
@QuarkusTest
class NulCharacterTest {

  private static final String NUL = "\\u0000";

  private static void refusedNaming(ValidatableResponse response, String field) {
    response
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo(field))
        .body("errors[0].message", containsString("NUL"));
  }

  @Test
  void shouldRefuseANulInAProductDescriptionNamingIt() {
    refusedNaming(
        asAdmin()
            .contentType("application/json")
            .body(
                "{\"name\":\""
                    + Admin.unique("nul")
                    + "\",\"description\":\"before"
                    + NUL
                    + "after\"}")
            .post("/api/v1/admin/products")
            .then(),
        "description");
  }

  @Test
  void shouldRefuseANulInALicenseCustomerNamingIt() {
    refusedNaming(
        asAdmin()
            .contentType("application/json")
            .body("{\"customer\":\"Nul" + NUL + " Co\"}")
            .post("/api/v1/admin/licenses")
            .then(),
        "customer");
  }

  @Test
  void shouldRefuseANulInATokenNameNamingIt() {
    refusedNaming(
        asAdmin()
            .contentType("application/json")
            .body("{\"name\":\"nul" + NUL + "\",\"role\":\"viewer\"}")
            .post("/api/v1/admin/tokens")
            .then(),
        "name");
  }

  @Test
  void shouldRefuseANulInAWebhookSecretNamingIt() {
    refusedNaming(
        asAdmin()
            .contentType("application/json")
            .body(
                "{\"url\":\"https://hooks.example.com/nul\",\"secret\":\"0123456789abcdef"
                    + NUL
                    + "\"}")
            .post("/api/v1/admin/webhooks")
            .then(),
        "secret");
  }

  @Test
  void shouldRefuseANulInAStatusReportErrorNamingIt() {
    Catalog catalog = Catalog.newProduct();
    catalog.release("1.1.0").on("stable");
    Map<String, Object> body = report(catalog.product(), "1.1.0", "stable", "nul-1", "failed");
    body.put("details", Map.of("errors", List.of("disk full", "hook said: \0")));

    refusedNaming(post(body), "/details/errors/1");
  }

  @Test
  void shouldRefuseANulInAManifestNamingItsPlace() {
    byte[] manifest =
        aRelease().set("changelog", Map.of("features", List.of("faster\0"))).manifestBytes();

    refusedNaming(
        asAdmin()
            .contentType("application/json")
            .body(manifest)
            .post("/api/v1/admin/releases")
            .then(),
        "/changelog/features/0");
  }

  @Test
  void shouldStillAcceptAnEscapedBackslashFollowedByU0000() {
    // A backslash, then "u0000", as text: no NUL, and a description may say so.
    asAdmin()
        .contentType("application/json")
        .body(
            "{\"name\":\""
                + Admin.unique("nul")
                + "\",\"description\":\"write \\\\u0000 for NUL\"}")
        .post("/api/v1/admin/products")
        .then()
        .statusCode(201)
        .body("description", equalTo("write \\u0000 for NUL"));
  }

  @Test
  void shouldRefuseANulInAPathParameterNamingIt() {
    refusedNaming(
        asAdmin().urlEncodingEnabled(false).get("/api/v1/admin/status/%00/1.0.0").then(),
        "product");
    refusedNaming(
        given().urlEncodingEnabled(false).get("/api/v1/releases/%00/1.0.0/manifest").then(),
        "product");
  }

  @Test
  void shouldRefuseANulInAQueryParameterNamingIt() {
    refusedNaming(
        asAdmin().urlEncodingEnabled(false).get("/api/v1/admin/audit?actor=a%00b").then(), "actor");
  }
}
