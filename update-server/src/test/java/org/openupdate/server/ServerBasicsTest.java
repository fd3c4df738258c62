package org.openupdate.server;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ServerBasicsTest {

  @Test
  void shouldReportLiveAndReady() {
    given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void shouldShowWhichPartsAreReady() {
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.name", hasItems("artifact storage", "signing keys"))
        .body(
            "checks.find { it.name == 'signing keys' }.data.fingerprints",
            matchesPattern("[0-9A-F]{40}.*"))
        .body("checks.find { it.name == 'artifact storage' }.status", equalTo("UP"));
  }

  @Test
  void shouldShowTheRunningVersion() {
    given()
        .when()
        .get("/q/health/live")
        .then()
        .statusCode(200)
        .body(
            "checks.find { it.name == 'openupdate-server' }.data.version",
            equalTo("0.1.0-SNAPSHOT"))
        .body("checks.find { it.name == 'openupdate-server' }.data.java", notNullValue());
  }

  @Test
  void shouldDocumentTheApiWithOpenApi() {
    given()
        .queryParam("format", "json")
        .when()
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(
            "paths.keySet()",
            hasItems(
                "/api/v1/admin/releases",
                "/api/v1/admin/releases/{product}/{version}/publish",
                "/api/v1/admin/tokens",
                "/api/v1/admin/fleet",
                "/api/v1/admin/fleet/summary",
                "/api/v1/admin/fleet/{clientId}",
                "/api/v1/admin/releases/{product}/{version}/failures",
                "/api/v1/updates/check",
                "/api/v1/updates/status",
                "/api/v1/artifacts/{sha256}"));
  }

  @Test
  void shouldAnswerUnknownPathWithProblemJson() {
    given()
        .when()
        .get("/api/v1/no-such-thing")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("status", equalTo(404))
        .body("type", equalTo("https://openupdate.org/problems/not-found"))
        .body(not(containsString("Exception")));
  }
}
