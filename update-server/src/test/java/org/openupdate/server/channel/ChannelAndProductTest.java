package org.openupdate.server.channel;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.openupdate.server.support.Admin.as;
import static org.openupdate.server.support.Admin.asAdmin;
import static org.openupdate.server.support.Admin.newToken;
import static org.openupdate.server.support.Admin.unique;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ChannelAndProductTest {

  @Test
  void shouldStartWithStableBetaAndEarlyAccessFollowingEachOther() {
    asAdmin()
        .get("/api/v1/admin/channels")
        .then()
        .statusCode(200)
        .body("name", hasItems("stable", "beta", "early-access"));
    asAdmin()
        .get("/api/v1/admin/channels/early-access")
        .then()
        .statusCode(200)
        .body("follows", equalTo("beta"))
        .body("chain", contains("early-access", "beta", "stable"));
  }

  @Test
  void shouldCreateCustomChannelFollowingStable() {
    String name = unique("customer-acme");
    asAdmin()
        .contentType("application/json")
        .body(Map.of("name", name, "follows", "stable", "description", "ACME's validated builds"))
        .post("/api/v1/admin/channels")
        .then()
        .statusCode(201)
        .body("chain", contains(name, "stable"));
    as(newToken("viewer")).get("/api/v1/admin/channels/" + name).then().statusCode(200);
    asAdmin()
        .queryParam("target", "channel:" + name)
        .get("/api/v1/admin/audit")
        .then()
        .body("[0].action", equalTo("channel.create"));
  }

  @Test
  void shouldAnswer422ForChannelFollowingUnknownChannel() {
    asAdmin()
        .contentType("application/json")
        .body(Map.of("name", unique("orphan"), "follows", "no-such-channel"))
        .post("/api/v1/admin/channels")
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("follows"))
        .body("errors[0].message", containsString("'no-such-channel'"));
  }

  @Test
  void shouldAnswer409ForExistingChannel() {
    asAdmin()
        .contentType("application/json")
        .body(Map.of("name", "beta"))
        .post("/api/v1/admin/channels")
        .then()
        .statusCode(409);
  }

  @Test
  void shouldAnswer400ForChannelNameWithPathCharacters() {
    asAdmin()
        .contentType("application/json")
        .body(Map.of("name", "../stable"))
        .post("/api/v1/admin/channels")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("name"))
        .body("errors[0].message", containsString("'../stable'"));
  }

  @Test
  void shouldAnswer404ForUnknownChannel() {
    asAdmin()
        .get("/api/v1/admin/channels/nowhere")
        .then()
        .statusCode(404)
        .body("detail", containsString("'nowhere'"));
  }

  @Test
  void shouldHaveDefaultProductAndCreateMore() {
    String name = unique("product");
    asAdmin()
        .contentType("application/json")
        .body(Map.of("name", name, "description", "second product"))
        .post("/api/v1/admin/products")
        .then()
        .statusCode(201)
        .body("name", equalTo(name));
    asAdmin()
        .get("/api/v1/admin/products")
        .then()
        .statusCode(200)
        .body("name", hasItems("default", name));
  }

  @Test
  void shouldAnswer409ForExistingProduct() {
    asAdmin()
        .contentType("application/json")
        .body(Map.of("name", "default"))
        .post("/api/v1/admin/products")
        .then()
        .statusCode(409);
  }

  @Test
  void shouldForbidViewerFromCreatingChannels() {
    String name = unique("nope");
    as(newToken("viewer"))
        .contentType("application/json")
        .body(Map.of("name", name))
        .post("/api/v1/admin/channels")
        .then()
        .statusCode(403);
    asAdmin().get("/api/v1/admin/channels/" + name).then().statusCode(404);
  }
}
