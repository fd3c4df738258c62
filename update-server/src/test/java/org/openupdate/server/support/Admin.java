package org.openupdate.server.support;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** Requests as an admin token holder; tokens of lower roles are created on demand. */
public final class Admin {

  /** The test profile's OPENUPDATE_ADMIN_TOKEN (see application.properties). */
  public static final String ADMIN_TOKEN = "test-admin-token-0123456789";

  private Admin() {}

  public static RequestSpecification asAdmin() {
    return as(ADMIN_TOKEN);
  }

  public static RequestSpecification as(String token) {
    return given().header("Authorization", "Bearer " + token);
  }

  /** Creates a fresh token with the role and returns its secret. */
  public static String newToken(String role) {
    return newToken(role + "-" + UUID.randomUUID(), role);
  }

  /** Creates a token of that name and role and returns its secret. */
  public static String newToken(String name, String role) {
    return asAdmin()
        .contentType("application/json")
        .body(Map.of("name", name, "role", role))
        .post("/api/v1/admin/tokens")
        .then()
        .statusCode(201)
        .extract()
        .path("token");
  }

  public static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
