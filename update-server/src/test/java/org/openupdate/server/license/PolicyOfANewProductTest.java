package org.openupdate.server.license;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.openupdate.server.support.Admin;
import org.openupdate.server.support.ReleaseFixture;

/**
 * A policy can be set the moment its product exists: the product's row decides, not the check
 * snapshot, which learns of a new product only at its next reload.
 */
@QuarkusTest
class PolicyOfANewProductTest {

  @Test
  void shouldSetThePolicyOfAProductCreatedAMomentAgo() {
    for (int i = 0; i < 5; i++) {
      String product = Admin.unique("fresh");
      ReleaseFixture.createProduct(product);
      given()
          .header("Authorization", "Bearer " + Admin.ADMIN_TOKEN)
          .contentType("application/json")
          .body("{\"minimumSoakMinutes\":30}")
          .put("/api/v1/admin/policies/" + product)
          .then()
          .statusCode(200)
          .body("minimumSoakMinutes", equalTo(30));
    }
  }

  @Test
  void shouldRefuseThePolicyOfAProductThatDoesNotExist() {
    given()
        .header("Authorization", "Bearer " + Admin.ADMIN_TOKEN)
        .contentType("application/json")
        .body("{\"minimumSoakMinutes\":30}")
        .put("/api/v1/admin/policies/" + Admin.unique("nowhere"))
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("unknown product"));
  }
}
