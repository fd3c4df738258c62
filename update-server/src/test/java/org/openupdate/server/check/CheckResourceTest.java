package org.openupdate.server.check;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.openupdate.server.checksupport.Catalog;
import org.openupdate.server.fleet.FleetGauges;
import org.openupdate.server.fleet.FleetRecorder;

@QuarkusTest
class CheckResourceTest {

  @Inject FleetRecorder fleet;
  @Inject FleetGauges gauges;
  @Inject DataSource dataSource;

  private static RequestSpecification poll(Catalog catalog, String version, String channel) {
    return given()
        .header("X-Product", catalog.product())
        .header("X-Current-Version", version)
        .header("X-Channel", channel)
        .header("X-Client-Id", "client-" + UUID.randomUUID());
  }

  @Test
  void shouldOfferNewestReleaseWithLinksToItsSignedManifest() {
    Catalog catalog = Catalog.newProduct();
    catalog.release("2.4.0").on("stable");
    catalog.release("2.4.1").mandatory().on("stable");
    String base = "/api/v1/releases/" + catalog.product() + "/2.4.1";

    poll(catalog, "2.3.0", "stable")
        .get("/api/v1/updates/check")
        .then()
        .statusCode(200)
        .header("ETag", matchesPattern("\"[0-9a-f]{32}\""))
        .body("updateAvailable", equalTo(true))
        .body("version", equalTo("2.4.1"))
        .body("mandatory", equalTo(true))
        .body("manifestUrl", equalTo(base + "/manifest?channel=stable"))
        .body("signatureUrl", equalTo(base + "/manifest.asc?channel=stable"))
        .body("releaseNotes", equalTo("https://example.org/notes/2.4.1"))
        .body("sha256", matchesPattern("[0-9a-f]{64}"));
  }

  @Test
  void shouldAnswerNoUpdateWithEtagAndNotModifiedOnRepeat() {
    Catalog catalog = Catalog.newProduct();
    catalog.release("2.4.1").on("stable");

    String etag =
        poll(catalog, "2.4.1", "stable")
            .get("/api/v1/updates/check")
            .then()
            .statusCode(200)
            .body("updateAvailable", equalTo(false))
            .body(not(containsString("version")))
            .extract()
            .header("ETag");
    poll(catalog, "2.4.1", "stable")
        .header("If-None-Match", etag)
        .get("/api/v1/updates/check")
        .then()
        .statusCode(304)
        .header("ETag", etag);
  }

  @Test
  void shouldOfferBetaClientsNewerStableReleases() {
    Catalog catalog = Catalog.newProduct();
    catalog.release("2.5.0-beta.1").on("beta");
    catalog.release("2.5.0").on("stable");

    poll(catalog, "2.4.0", "early-access")
        .get("/api/v1/updates/check")
        .then()
        .body("version", equalTo("2.5.0"));
  }

  @Test
  void shouldStopOfferingAPulledRelease() {
    Catalog catalog = Catalog.newProduct();
    catalog.release("2.4.0").on("stable");
    catalog.release("2.4.1").on("stable");
    catalog.pull("2.4.1", "stable");

    poll(catalog, "2.3.0", "stable")
        .get("/api/v1/updates/check")
        .then()
        .body("version", equalTo("2.4.0"));
  }

  @Test
  void shouldRejectMissingOrMalformedVersionNamingTheHeader() {
    Catalog catalog = Catalog.newProduct();
    given()
        .header("X-Product", catalog.product())
        .header("X-Channel", "stable")
        .get("/api/v1/updates/check")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("X-Current-Version"));
    poll(catalog, "two-point-four", "stable")
        .get("/api/v1/updates/check")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("X-Current-Version"))
        .body("detail", containsString("two-point-four"));
  }

  @Test
  void shouldRejectMissingAndUnknownChannelNamingTheHeader() {
    Catalog catalog = Catalog.newProduct();
    given()
        .header("X-Product", catalog.product())
        .header("X-Current-Version", "1.0.0")
        .get("/api/v1/updates/check")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("X-Channel"));
    poll(catalog, "1.0.0", "gold")
        .get("/api/v1/updates/check")
        .then()
        .statusCode(404)
        .body("errors.field", hasItem("X-Channel"));
  }

  @Test
  void shouldRejectUnknownProductAndBadClientId() {
    given()
        .header("X-Product", "no-such-product")
        .header("X-Current-Version", "1.0.0")
        .header("X-Channel", "stable")
        .get("/api/v1/updates/check")
        .then()
        .statusCode(404)
        .body("errors.field", hasItem("X-Product"));
    given()
        .header("X-Product", Catalog.newProduct().product())
        .header("X-Current-Version", "1.0.0")
        .header("X-Channel", "stable")
        .header("X-Client-Id", "a b c")
        .get("/api/v1/updates/check")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("X-Client-Id"));
  }

  @Test
  void shouldRecordLastSeenVersionInBatchesNotPerPoll() throws Exception {
    Catalog catalog = Catalog.newProduct();
    catalog.release("2.4.1").on("stable");
    String client = "client-" + UUID.randomUUID();
    for (String version : new String[] {"2.3.0", "2.3.1", "2.4.1"}) {
      given()
          .header("X-Product", catalog.product())
          .header("X-Current-Version", version)
          .header("X-Channel", "stable")
          .header("X-Client-Id", client)
          .header("X-Platform", "container")
          .get("/api/v1/updates/check")
          .then()
          .statusCode(200);
    }
    assertThat(lastSeen(client)).as("nothing is written per poll").isNull();

    fleet.flush();

    assertThat(lastSeen(client)).isEqualTo("stable 2.4.1 container");
    gauges.refresh();
    given()
        .get("/q/metrics")
        .then()
        .body(
            containsString(
                "update_clients{channel=\"stable\",product=\""
                    + catalog.product()
                    + "\",version=\"2.4.1\"} 1.0"));
  }

  @Test
  void shouldCountChecksPerProductAndChannel() {
    Catalog catalog = Catalog.newProduct();
    catalog.release("1.0.0").on("stable");
    poll(catalog, "1.0.0", "stable").get("/api/v1/updates/check").then().statusCode(200);
    poll(catalog, "1.0.0", "stable").get("/api/v1/updates/check").then().statusCode(200);

    given()
        .get("/q/metrics")
        .then()
        .body(
            containsString(
                "update_checks_total{channel=\"stable\",product=\""
                    + catalog.product()
                    + "\"} 2.0"));
  }

  private String lastSeen(String client) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select channel, version, platform from fleet_clients where client_id = ?")) {
      s.setString(1, client);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) : null;
      }
    }
  }
}
