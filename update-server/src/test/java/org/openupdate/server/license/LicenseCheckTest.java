package org.openupdate.server.license;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.openupdate.server.support.Admin.asAdmin;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openupdate.server.checksupport.Catalog;
import org.openupdate.server.support.Admin;

@QuarkusTest
class LicenseCheckTest {

  private static String create(Map<String, Object> body) {
    return asAdmin()
        .contentType("application/json")
        .body(body)
        .post("/api/v1/admin/licenses")
        .then()
        .statusCode(201)
        .body("key", matchesPattern("oulk_[A-Za-z0-9_-]{32}"))
        .extract()
        .path("key");
  }

  private static ValidatableResponse check(Catalog catalog, String channel, String key) {
    return given()
        .header("X-Product", catalog.product())
        .header("X-Current-Version", "1.0.0")
        .header("X-Channel", channel)
        .header("X-License-Key", key)
        .get("/api/v1/updates/check")
        .then();
  }

  @Test
  void shouldApplyCeilingAndBlockedVersionsOfTheLicense() {
    Catalog catalog = Catalog.newProduct();
    catalog.release("2.0.0").on("stable");
    catalog.release("2.1.0").on("stable");
    catalog.release("3.0.0").on("stable");
    String key =
        create(
            Map.of(
                "customer", "ACME",
                "blockedVersions", List.of("2.1.0"),
                "versionCeiling", "2.9.9"));

    check(catalog, "stable", key).statusCode(200).body("version", equalTo("2.0.0"));
  }

  @Test
  void shouldRefuseUnknownRevokedExpiredKeysAndChannelsTheLicenseDoesNotAllow() {
    Catalog catalog = Catalog.newProduct();
    catalog.release("2.0.0").on("stable");
    String stableOnly =
        create(Map.of("customer", "Stable Co", "allowedChannels", List.of("stable")));
    String expired =
        create(
            Map.of("customer", "Old Co", "expiresAt", Instant.now().minusSeconds(60).toString()));
    String revoked = create(Map.of("customer", "Gone Co"));
    long revokedId =
        asAdmin()
            .get("/api/v1/admin/licenses")
            .then()
            .extract()
            .jsonPath()
            .getLong("find { it.customer == 'Gone Co' }.id");
    asAdmin()
        .post("/api/v1/admin/licenses/" + revokedId + "/revoke")
        .then()
        .statusCode(200)
        .body("revoked", equalTo(true));

    check(catalog, "stable", "oulk_unknown")
        .statusCode(401)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("X-License-Key"));
    check(catalog, "stable", revoked).statusCode(403).body("detail", containsString("revoked"));
    check(catalog, "stable", expired).statusCode(403).body("detail", containsString("expired"));
    check(catalog, "beta", stableOnly).statusCode(403).body("errors.field", hasItem("X-Channel"));
    check(catalog, "stable", stableOnly).statusCode(200).body("version", equalTo("2.0.0"));
  }

  @Test
  void shouldShowTheKeyOnlyOnceAndOnlyToAdmins() {
    String key = create(Map.of("customer", "Once Co"));

    asAdmin().get("/api/v1/admin/licenses").then().statusCode(200).body(not(containsString(key)));
    asAdmin().get("/api/v1/admin/licenses").then().body(not(containsString(LicenseKeys.hash(key))));
    Admin.as(Admin.newToken("publisher")).get("/api/v1/admin/licenses").then().statusCode(403);
  }

  @Test
  void shouldRejectInvalidLicenseRequestsNamingTheField() {
    asAdmin()
        .contentType("application/json")
        .body(Map.of("customer", "X", "blockedVersions", List.of("not-a-version")))
        .post("/api/v1/admin/licenses")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("blockedVersions"));
    asAdmin()
        .contentType("application/json")
        .body(Map.of("customer", ""))
        .post("/api/v1/admin/licenses")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("customer"));
  }
}
