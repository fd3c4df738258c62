package org.openupdate.server.version;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.openupdate.server.support.Admin.asAdmin;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
/** A version that is not semantic is refused with the same words wherever a caller gives one. */
class BadVersionMessagesTest {

  private static final String MESSAGE =
      "'2.1' is not a semantic version: expected MAJOR.MINOR.PATCH[-PRE][+BUILD]";

  @Test
  void shouldNameABadVersionInAnAdminPathInsteadOfAnsweringNotFound() {
    for (String path :
        new String[] {
          "/api/v1/admin/releases/default/2.1",
          "/api/v1/admin/rollouts/default/2.1/stable",
          "/api/v1/admin/status/default/2.1"
        }) {
      asAdmin()
          .get(path)
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("errors[0].field", equalTo("version"))
          .body("errors[0].message", equalTo(MESSAGE));
    }
  }

  @Test
  void shouldNameABadVersionInAPublicManifestPath() {
    given()
        .get("/api/v1/releases/default/2.1/manifest")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("version"))
        .body("errors[0].message", equalTo(MESSAGE));
  }

  @Test
  void shouldAuthenticateBeforeLookingAtTheVersion() {
    given().get("/api/v1/admin/releases/default/2.1").then().statusCode(401);
  }

  @Test
  void shouldWordABadCurrentVersionOfACheckTheSameWay() {
    given()
        .header("X-Current-Version", "2.1")
        .header("X-Channel", "stable")
        .get("/api/v1/updates/check")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("X-Current-Version"))
        .body("errors[0].message", equalTo(MESSAGE));
  }

  @Test
  void shouldWordABadVersionCeilingOfALicenseTheSameWay() {
    asAdmin()
        .contentType("application/json")
        .body(Map.of("customer", "acme", "versionCeiling", "2.1"))
        .post("/api/v1/admin/licenses")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("versionCeiling"))
        .body("errors[0].message", equalTo(MESSAGE));
  }
}
