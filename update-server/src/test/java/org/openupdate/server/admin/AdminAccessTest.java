package org.openupdate.server.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.openupdate.server.support.Admin.as;
import static org.openupdate.server.support.Admin.asAdmin;
import static org.openupdate.server.support.Admin.newToken;
import static org.openupdate.server.support.Admin.unique;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AdminAccessTest {

  @Inject AgroalDataSource dataSource;

  @Test
  void shouldAnswer401WithoutToken() {
    given()
        .get("/api/v1/admin/tokens")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("type", equalTo("https://openupdate.org/problems/unauthorized"))
        .body("detail", containsString("Authorization header missing"));
  }

  @Test
  void shouldAnswer401ForUnknownToken() {
    as("not-a-real-token")
        .get("/api/v1/admin/audit")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("detail", containsString("unknown or revoked"));
  }

  @Test
  void shouldAnswer401ForNonBearerScheme() {
    given()
        .header("Authorization", "Basic dXNlcjpwYXNz")
        .get("/api/v1/admin/audit")
        .then()
        .statusCode(401)
        .body("detail", containsString("Bearer"));
  }

  @Test
  void shouldForbidViewerTokenOnWrite() {
    String viewer = newToken("viewer");
    as(viewer)
        .contentType("application/json")
        .body(Map.of("name", unique("x"), "role", "viewer"))
        .post("/api/v1/admin/tokens")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("detail", containsString("has role viewer; this operation needs admin"));
  }

  @Test
  void shouldForbidPublisherFromManagingTokens() {
    String publisher = newToken("publisher");
    as(publisher).get("/api/v1/admin/tokens").then().statusCode(403);
  }

  @Test
  void shouldLetViewerReadAuditLog() {
    String viewer = newToken("viewer");
    as(viewer).get("/api/v1/admin/audit").then().statusCode(200);
  }

  @Test
  void shouldCreateListAndRevokeTokens() {
    String name = unique("ci");
    String secret =
        asAdmin()
            .contentType("application/json")
            .body(Map.of("name", name, "role", "publisher"))
            .post("/api/v1/admin/tokens")
            .then()
            .statusCode(201)
            .body("name", equalTo(name))
            .body("role", equalTo("publisher"))
            .body("token", notNullValue())
            .extract()
            .path("token");
    asAdmin().get("/api/v1/admin/tokens").then().statusCode(200).body("name", hasItem(name));
    as(secret).get("/api/v1/admin/audit").then().statusCode(200);

    asAdmin()
        .delete("/api/v1/admin/tokens/" + name)
        .then()
        .statusCode(200)
        .body("revokedAt", notNullValue());

    as(secret).get("/api/v1/admin/audit").then().statusCode(401);
  }

  @Test
  void shouldStoreOnlyTheHashOfATokenAndNeverServeIt() throws Exception {
    String name = unique("hashed");
    String secret = newToken(name, "viewer");

    List<String> stored = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("select token_sha256 from api_tokens where name = ?")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          stored.add(rs.getString(1));
        }
      }
    }
    assertThat(stored).containsExactly(TokenHash.sha256(secret));
    assertThat(asAdmin().get("/api/v1/admin/tokens").asString()).doesNotContain(secret);
    assertThat(asAdmin().get("/api/v1/admin/audit").asString()).doesNotContain(secret);
  }

  @Test
  void shouldAuditTokenCreationWithActorAndAfterState() {
    String name = unique("audited");
    asAdmin()
        .contentType("application/json")
        .body(Map.of("name", name, "role", "viewer"))
        .post("/api/v1/admin/tokens")
        .then()
        .statusCode(201);

    String viewer = newToken("viewer");
    as(viewer)
        .queryParam("target", "token:" + name)
        .get("/api/v1/admin/audit")
        .then()
        .statusCode(200)
        .body("[0].action", equalTo("token.create"))
        .body("[0].actor", equalTo("initial-admin"))
        .body("[0].after.role", equalTo("viewer"))
        .body("[0].at", notNullValue());
  }

  @Test
  void shouldRejectTokenWithUnknownRole() {
    asAdmin()
        .contentType("application/json")
        .body(Map.of("name", unique("bad"), "role", "root"))
        .post("/api/v1/admin/tokens")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("role"))
        .body("errors[0].message", containsString("'root'"));
  }

  @Test
  void shouldRejectDuplicateTokenName() {
    String name = unique("dup");
    Map<String, String> body = Map.of("name", name, "role", "viewer");
    asAdmin()
        .contentType("application/json")
        .body(body)
        .post("/api/v1/admin/tokens")
        .then()
        .statusCode(201);
    asAdmin()
        .contentType("application/json")
        .body(body)
        .post("/api/v1/admin/tokens")
        .then()
        .statusCode(409)
        .body("detail", containsString(name));
  }

  @Test
  void shouldRejectMalformedJsonBody() {
    asAdmin()
        .contentType("application/json")
        .body("{\"name\": ")
        .post("/api/v1/admin/tokens")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("https://openupdate.org/problems/malformed-request"));
  }
}
