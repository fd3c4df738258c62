package org.openupdate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.openupdate.server.support.Admin.asAdmin;
import static org.openupdate.server.support.ReleaseFixture.aRelease;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.openupdate.server.check.SnapshotHolder;
import org.openupdate.server.checksupport.Reports;
import org.openupdate.server.secrets.SecretBox;
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
  @Inject DataSource dataSource;
  @Inject SecretBox secrets;

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
  void shouldStoreTheLongestWebhookSecretInThreeByteCharactersSealed() throws SQLException {
    // 200 characters of 3 bytes each: 600 bytes of UTF-8, sealed and base64-encoded into the
    // column.
    String secret = "\u20ac".repeat(200);
    assertThat(secret.getBytes(StandardCharsets.UTF_8)).hasSize(600);

    long id =
        asAdmin()
            .contentType("application/json; charset=UTF-8")
            .body(Map.of("url", "https://hooks.example.com/euro", "secret", secret))
            .post("/api/v1/admin/webhooks")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");

    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement("select secret from notify_subscriptions where id = ?")) {
      select.setLong(1, id);
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).isTrue();
        assertThat(row.getString(1)).doesNotContain(secret);
        assertThat(secrets.open("webhook-secret", row.getString(1))).isEqualTo(secret);
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldStoreALicenseWithTheLongestFieldsAndListsItAllows() {
    String customer = "\u00e9".repeat(200);
    List<String> channels =
        IntStream.range(0, 50).mapToObj(i -> String.format("l%02d", i) + "y".repeat(61)).toList();
    List<String> versions =
        IntStream.range(0, 100)
            .mapToObj(i -> "2.0.0-" + "b".repeat(119) + String.format("%03d", i))
            .toList();
    String ceiling = "9.0.0-" + "c".repeat(122);
    Map<String, Object> license =
        Map.of(
            "customer",
            customer,
            "allowedChannels",
            channels,
            "blockedVersions",
            versions,
            "versionCeiling",
            ceiling);

    long id =
        asAdmin()
            .contentType("application/json; charset=UTF-8")
            .body(license)
            .post("/api/v1/admin/licenses")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");

    List<Map<String, Object>> listed =
        asAdmin().get("/api/v1/admin/licenses").then().statusCode(200).extract().jsonPath().get();
    Map<String, Object> stored =
        listed.stream()
            .filter(l -> ((Number) l.get("id")).longValue() == id)
            .findFirst()
            .orElseThrow();
    assertThat(stored.get("customer")).isEqualTo(customer);
    assertThat((List<Object>) stored.get("allowedChannels"))
        .containsExactlyInAnyOrderElementsOf(channels);
    assertThat((List<Object>) stored.get("blockedVersions"))
        .containsExactlyInAnyOrderElementsOf(versions);
    assertThat(stored.get("versionCeiling")).isEqualTo(ceiling);
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
