package org.openupdate.server;

import static org.hamcrest.Matchers.equalTo;
import static org.openupdate.server.support.Admin.asAdmin;
import static org.openupdate.server.support.ReleaseFixture.aRelease;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openupdate.server.check.SnapshotHolder;
import org.openupdate.server.checksupport.Reports;
import org.openupdate.server.support.Admin;
import org.openupdate.server.support.KnownProducts;

/**
 * Limits come from the schemas and the request records: what passes them is stored, what does not
 * is refused with a 400 naming the field; the database never has the last word (a 500).
 */
@QuarkusTest
class InputLimitsTest {

  private static String policies(String product) {
    return "/api/v1/admin/policies/" + product;
  }

  @Inject SnapshotHolder snapshots;

  private String newProduct() {
    return KnownProducts.create(snapshots, "limits");
  }

  @Test
  void shouldRefuseAPolicyChannelLongerThanAChannelNameNamingIt() {
    asAdmin()
        .contentType("application/json")
        .body(Map.of("soakTargetChannel", "a".repeat(300)))
        .put(policies(newProduct()))
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("soakTargetChannel"));
  }

  @Test
  void shouldRefuseNullElementsInPolicyListsNamingTheirPlace() {
    String product = newProduct();
    asAdmin()
        .contentType("application/json")
        .body("{\"allowedChannels\":[\"stable\",null]}")
        .put(policies(product))
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("/allowedChannels/1"));
    asAdmin()
        .contentType("application/json")
        .body("{\"blockedVersions\":[null]}")
        .put(policies(product))
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("/blockedVersions/0"));
  }

  @Test
  void shouldStoreTheLongestListsThePolicyAllows() {
    List<String> channels =
        IntStream.range(0, 50).mapToObj(i -> String.format("c%02d", i) + "x".repeat(61)).toList();
    List<String> versions =
        IntStream.range(0, 100)
            .mapToObj(i -> "1.0.0-" + "a".repeat(119) + String.format("%03d", i))
            .toList();
    String product = newProduct();
    asAdmin()
        .contentType("application/json")
        .body(Map.of("allowedChannels", channels, "blockedVersions", versions))
        .put(policies(product))
        .then()
        .statusCode(200);
    asAdmin()
        .get(policies(product))
        .then()
        .statusCode(200)
        .body("allowedChannels.size()", equalTo(50))
        .body("blockedVersions.size()", equalTo(100));
  }

  @Test
  void shouldRefuseMoreChannelsThanAPolicyMayName() {
    List<String> channels = IntStream.range(0, 51).mapToObj(i -> "c" + i).toList();
    asAdmin()
        .contentType("application/json")
        .body(Map.of("allowedChannels", channels))
        .put(policies(newProduct()))
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("allowedChannels"));
  }

  @Test
  void shouldRefuseASoakTooLongToStoreInSeconds() {
    asAdmin()
        .contentType("application/json")
        .body(Map.of("minimumSoakMinutes", Long.MAX_VALUE / 60 + 1))
        .put(policies(newProduct()))
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("minimumSoakMinutes"));
  }

  @Test
  void shouldRefuseANullElementInALicenseNamingItsPlace() {
    Map<String, Object> license = new HashMap<>();
    license.put("customer", "Null Co");
    license.put("allowedChannels", Arrays.asList("stable", null));
    asAdmin()
        .contentType("application/json")
        .body(license)
        .post("/api/v1/admin/licenses")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("/allowedChannels/1"));
  }

  @Test
  void shouldRefuseAWebhookSecretLongerThanAllowedNamingIt() {
    asAdmin()
        .contentType("application/json")
        .body(Map.of("url", "https://hooks.example.com/x", "secret", "s".repeat(201)))
        .post("/api/v1/admin/webhooks")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("secret"));
  }

  @Test
  void shouldRefuseADescriptionLongerThanAllowedNamingIt() {
    asAdmin()
        .contentType("application/json")
        .body(Map.of("name", Admin.unique("long"), "description", "d".repeat(501)))
        .post("/api/v1/admin/products")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("description"));
  }

  @Test
  void shouldStoreAVersionAsLongAsTheSchemaAllows() {
    String longest = "1.0.0-" + "b".repeat(122);
    aRelease().version(longest).createDraft();
  }

  @Test
  void shouldJudgeANumberBeyondADoubleInAStatusReport() {
    Reports.post(
            "{\"reportId\":\"report-huge-number\",\"clientId\":\"c-1\",\"version\":\"1.0.0\","
                + "\"status\":1e99999,\"timestamp\":\"2026-01-01T00:00:00Z\"}")
        .statusCode(400)
        .body("errors[0].field", equalTo("/status"));
  }
}
