package org.openupdate.server.fleet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.openupdate.server.checksupport.Reports.post;
import static org.openupdate.server.checksupport.Reports.report;
import static org.openupdate.server.support.Admin.asAdmin;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openupdate.server.checksupport.Catalog;
import org.openupdate.server.support.Admin;

@QuarkusTest
class FleetApiTest {

  private static final String FLEET = "/api/v1/admin/fleet";

  @Inject FleetRecorder recorder;
  @Inject FleetGauges gauges;

  /**
   * Five clients of a fresh product on stable, one per drift state and one ahead of the head.
   * Stable has 1.0.0, 1.1.0, 1.2.0 and the pulled 1.1.5.
   */
  private record DriftFleet(
      String product, String ahead, String behind, String current, String pulled, String stale) {}

  private DriftFleet driftFleet() throws SQLException {
    Catalog catalog = Catalog.newProduct();
    for (String version : List.of("1.0.0", "1.1.0", "1.1.5", "1.2.0")) {
      catalog.release(version).on("stable");
    }
    catalog.pull("1.1.5", "stable");
    String p = catalog.product();
    DriftFleet fleet =
        new DriftFleet(p, p + "-ahead", p + "-behind", p + "-current", p + "-pulled", p + "-stale");
    Instant now = Instant.now();
    seen(p, "stable", "1.3.0-dev.1", fleet.ahead(), now);
    seen(p, "stable", "1.0.0", fleet.behind(), now);
    seen(p, "stable", "1.2.0", fleet.current(), now);
    seen(p, "stable", "1.1.5", fleet.pulled(), now);
    seen(p, "stable", "1.2.0", fleet.stale(), now.minus(Duration.ofDays(8)));
    recorder.flush();
    return fleet;
  }

  private void seen(String product, String channel, String version, String clientId, Instant at) {
    recorder.seen(new Sighting(clientId, product, channel, version, "bare-metal", "0.1.0", at));
  }

  private static JsonPath page(Map<String, ?> query) {
    return asAdmin().queryParams(query).get(FLEET).then().statusCode(200).extract().jsonPath();
  }

  @Test
  void shouldShowWhatEachClientRunsWithItsAgentVersionAndLastReport() throws SQLException {
    Catalog catalog = Catalog.newProduct();
    catalog.release("2.0.0").on("stable");
    String client = catalog.product() + "-machine";
    given()
        .header("X-Product", catalog.product())
        .header("X-Current-Version", "2.0.0")
        .header("X-Channel", "stable")
        .header("X-Client-Id", client)
        .header("X-Platform", "container")
        .header("X-Agent-Version", "0.3.1")
        .get("/api/v1/updates/check")
        .then()
        .statusCode(200);
    recorder.flush();
    Map<String, Object> failed = report(catalog.product(), "2.0.0", "stable", client, "failed");
    failed.put("details", Map.of("errors", List.of("disk full: 12 bytes left", "second error")));
    post(failed).statusCode(202);

    asAdmin()
        .queryParam("product", catalog.product())
        .get(FLEET)
        .then()
        .statusCode(200)
        .body("clients.clientId", contains(client))
        .body("clients[0].product", equalTo(catalog.product()))
        .body("clients[0].channel", equalTo("stable"))
        .body("clients[0].version", equalTo("2.0.0"))
        .body("clients[0].agentVersion", equalTo("0.3.1"))
        .body("clients[0].platform", equalTo("container"))
        .body("clients[0].firstSeen", notNullValue())
        .body("clients[0].lastSeen", notNullValue())
        .body("clients[0].drift", equalTo("current"))
        .body("clients[0].channelHead", equalTo("2.0.0"))
        .body("clients[0].lastReport.status", equalTo("failed"))
        .body("clients[0].lastReport.version", equalTo("2.0.0"))
        .body("clients[0].lastReport.receivedAt", notNullValue())
        .body("clients[0].lastReport.message", equalTo("disk full: 12 bytes left"))
        .body("nextCursor", nullValue());
  }

  @Test
  void shouldShowTheVersionsDismissedAndTheInstallScheduledOnAMachineAsItsLastCheckTold()
      throws SQLException {
    Catalog catalog = Catalog.newProduct();
    catalog.release("2.0.0").on("stable");
    String client = catalog.product() + "-machine";
    check(
        catalog.product(),
        client,
        Map.of(
            "X-Dismissed-Versions",
            "1.8.0,1.9.0",
            "X-Scheduled-Install",
            "2.0.0 2026-12-24T22:00:00Z"));
    recorder.flush();

    asAdmin()
        .get(FLEET + "/" + client)
        .then()
        .statusCode(200)
        .body("products[0].dismissedVersions", contains("1.8.0", "1.9.0"))
        .body("products[0].scheduledInstall.version", equalTo("2.0.0"))
        .body("products[0].scheduledInstall.at", equalTo("2026-12-24T22:00:00Z"));

    check(catalog.product(), client, Map.of("X-Scheduled-Install", "2.0.0 at noon"));
    recorder.flush();

    asAdmin()
        .queryParam("product", catalog.product())
        .get(FLEET)
        .then()
        .statusCode(200)
        .body("clients[0].dismissedVersions", empty())
        .body("clients[0].scheduledInstall", nullValue());
  }

  /** A poll of a client running 1.0.0 with more headers; a malformed one is never refused. */
  private static void check(String product, String client, Map<String, String> headers) {
    given()
        .header("X-Product", product)
        .header("X-Current-Version", "1.0.0")
        .header("X-Channel", "stable")
        .header("X-Client-Id", client)
        .headers(headers)
        .get("/api/v1/updates/check")
        .then()
        .statusCode(200);
  }

  @Test
  void shouldKeepFirstSeenAndIgnoreAMalformedAgentVersion() throws SQLException {
    Catalog catalog = Catalog.newProduct();
    catalog.release("2.0.0").on("stable");
    String client = catalog.product() + "-machine";
    Instant first = Instant.parse("2026-01-02T03:04:05Z");
    seen(catalog.product(), "stable", "1.0.0", client, first);
    recorder.flush();
    given()
        .header("X-Product", catalog.product())
        .header("X-Current-Version", "2.0.0")
        .header("X-Channel", "stable")
        .header("X-Client-Id", client)
        .header("X-Agent-Version", "0.3.1; rm -rf /")
        .get("/api/v1/updates/check")
        .then()
        .statusCode(200);
    recorder.flush();

    JsonPath body = page(Map.of("product", catalog.product()));
    assertThat(body.getString("clients[0].firstSeen")).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(body.getString("clients[0].version")).isEqualTo("2.0.0");
    assertThat(body.getString("clients[0].agentVersion")).isNull();
    assertThat(body.getString("clients[0].lastReport")).isNull();
  }

  @Test
  void shouldTellTheDriftOfEveryClient() throws SQLException {
    DriftFleet fleet = driftFleet();

    asAdmin()
        .queryParam("product", fleet.product())
        .get(FLEET)
        .then()
        .statusCode(200)
        .body(
            "clients.clientId",
            contains(fleet.ahead(), fleet.behind(), fleet.current(), fleet.pulled(), fleet.stale()))
        .body("clients.drift", contains("current", "behind", "current", "on-pulled", "stale"))
        .body("clients.releasesBehind", contains(null, 2, null, null, null))
        .body("clients.channelHead", contains("1.2.0", "1.2.0", "1.2.0", "1.2.0", "1.2.0"));
  }

  @ParameterizedTest
  @CsvSource({"current, ahead current", "behind, behind", "on-pulled, pulled", "stale, stale"})
  void shouldFilterByDriftState(String state, String suffixes) throws SQLException {
    DriftFleet fleet = driftFleet();
    List<String> expected = new ArrayList<>();
    for (String suffix : suffixes.split(" ")) {
      expected.add(fleet.product() + "-" + suffix);
    }

    JsonPath body = page(Map.of("product", fleet.product(), "state", state));

    assertThat(body.getList("clients.clientId", String.class)).isEqualTo(expected);
    assertThat(body.getList("clients.drift", String.class)).containsOnly(state);
  }

  @Test
  void shouldFindNothingForAStateNoVersionIsIn() throws SQLException {
    Catalog catalog = Catalog.newProduct();
    catalog.release("1.0.0").on("stable");
    seen(catalog.product(), "stable", "1.0.0", catalog.product() + "-a", Instant.now());
    recorder.flush();

    asAdmin()
        .queryParam("product", catalog.product())
        .queryParam("state", "behind")
        .get(FLEET)
        .then()
        .statusCode(200)
        .body("clients", empty())
        .body("nextCursor", nullValue());
  }

  @Test
  void shouldCountReleasesOfTheChannelsABetaClientFollows() throws SQLException {
    Catalog catalog = Catalog.newProduct();
    catalog.release("2.0.0").on("beta");
    catalog.release("2.1.0-beta.1").on("beta");
    catalog.release("2.1.0").on("stable");
    String client = catalog.product() + "-beta";
    seen(catalog.product(), "beta", "2.0.0", client, Instant.now());
    recorder.flush();

    JsonPath body = page(Map.of("product", catalog.product(), "state", "behind"));

    assertThat(body.getList("clients.clientId", String.class)).containsExactly(client);
    assertThat(body.getInt("clients[0].releasesBehind")).isEqualTo(2);
    assertThat(body.getString("clients[0].channelHead")).isEqualTo("2.1.0");
  }

  @Test
  void shouldFilterByChannelVersionPlatformAndClientIdPrefix() throws SQLException {
    Catalog catalog = Catalog.newProduct();
    catalog.release("1.0.0").on("stable");
    String p = catalog.product();
    Instant now = Instant.now();
    recorder.seen(new Sighting(p + "-lab-1", p, "stable", "1.0.0", "lxc", null, now));
    recorder.seen(new Sighting(p + "-lab-2", p, "beta", "1.0.0", "container", null, now));
    recorder.seen(new Sighting(p + "-office-1", p, "stable", "0.9.0", "container", null, now));
    recorder.flush();

    assertThat(page(Map.of("product", p, "channel", "beta")).getList("clients.clientId"))
        .containsExactly(p + "-lab-2");
    assertThat(page(Map.of("product", p, "version", "0.9.0")).getList("clients.clientId"))
        .containsExactly(p + "-office-1");
    assertThat(page(Map.of("product", p, "platform", "lxc")).getList("clients.clientId"))
        .containsExactly(p + "-lab-1");
    assertThat(page(Map.of("q", p + "-lab-")).getList("clients.clientId"))
        .containsExactly(p + "-lab-1", p + "-lab-2");
    assertThat(
            page(Map.of("q", p + "-lab", "platform", "container", "state", "current"))
                .getList("clients.clientId"))
        .containsExactly(p + "-lab-2");
  }

  @Test
  void shouldPageThroughEveryClientOnceWithTheCursor() throws SQLException {
    Catalog catalog = Catalog.newProduct();
    catalog.release("1.0.0").on("stable");
    catalog.release("2.0.0").on("stable");
    List<String> all = new ArrayList<>();
    List<String> behind = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      String client = catalog.product() + "-c" + i;
      String version = i % 3 == 0 ? "2.0.0" : "1.0.0";
      seen(catalog.product(), "stable", version, client, Instant.now());
      all.add(client);
      if (!version.equals("2.0.0")) {
        behind.add(client);
      }
    }
    recorder.flush();

    assertThat(walk(Map.of("product", catalog.product()), 3, 3)).isEqualTo(all);
    // 4 clients behind, 2 a page: the second page is the last, with no empty page after it.
    assertThat(walk(Map.of("product", catalog.product(), "state", "behind"), 2, 2))
        .isEqualTo(behind);
  }

  /** Follows nextCursor to the end, checking that every page but the last is full. */
  private static List<String> walk(Map<String, String> query, int limit, int expectedPages) {
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Map<String, Object> params = new java.util.HashMap<>(query);
      params.put("limit", limit);
      if (cursor != null) {
        params.put("cursor", cursor);
      }
      JsonPath body = page(params);
      List<String> ids = body.getList("clients.clientId", String.class);
      cursor = body.getString("nextCursor");
      if (cursor != null) {
        assertThat(ids).hasSize(limit);
      }
      seen.addAll(ids);
      pages++;
    } while (cursor != null);
    assertThat(pages).as("pages").isEqualTo(expectedPages);
    assertThat(seen).doesNotHaveDuplicates();
    return seen;
  }

  @ParameterizedTest
  @CsvSource({
    "product, a b",
    "channel, -beta",
    "version, 1.2",
    "state, late",
    "platform, Bare Metal",
    "q, a b",
    "cursor, not-a-cursor",
    "limit, 0",
    "limit, 501",
    "limit, ten"
  })
  void shouldRefuseABadParameterNamingIt(String param, String value) {
    asAdmin()
        .queryParam(param, value)
        .get(FLEET)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", contains(param))
        .body("detail", containsString(param));
  }

  @Test
  void shouldShowOneMachineWithItsReportsNewestFirst() throws SQLException {
    Catalog catalog = Catalog.newProduct();
    catalog.release("2.0.0").on("stable");
    String client = catalog.product() + "-machine";
    seen(catalog.product(), "stable", "1.0.0", client, Instant.now());
    recorder.flush();
    List<String> reportIds = new ArrayList<>();
    for (String status : List.of("in-progress", "failed", "completed")) {
      Map<String, Object> body = report(catalog.product(), "2.0.0", "stable", client, status);
      post(body).statusCode(202);
      reportIds.add(0, (String) body.get("reportId"));
    }

    asAdmin()
        .get(FLEET + "/" + client)
        .then()
        .statusCode(200)
        .body("clientId", equalTo(client))
        .body("products.product", contains(catalog.product()))
        .body("products[0].drift", equalTo("behind"))
        .body("products[0].releasesBehind", equalTo(1))
        .body("products[0].lastReport.status", equalTo("completed"))
        .body("reports.reportId", equalTo(reportIds))
        .body("reports.status", contains("completed", "failed", "in-progress"))
        .body("reports[2].phase", equalTo("downloading"))
        .body("reports[0].fromVersion", equalTo("1.0.0"));
    asAdmin()
        .queryParam("limit", 1)
        .get(FLEET + "/" + client)
        .then()
        .statusCode(200)
        .body("reports.status", contains("completed"));
  }

  @Test
  void shouldShowAMachineKnownOnlyFromItsReports() {
    Catalog catalog = Catalog.newProduct();
    catalog.release("2.0.0").on("stable");
    String client = catalog.product() + "-reporter";
    post(report(catalog.product(), "2.0.0", "stable", client, "completed")).statusCode(202);

    asAdmin()
        .get(FLEET + "/" + client)
        .then()
        .statusCode(200)
        .body("products", empty())
        .body("reports.status", contains("completed"));
  }

  @Test
  void shouldAnswerNotFoundForAnUnknownMachineAndBadRequestForABadId() {
    asAdmin()
        .get(FLEET + "/" + Admin.unique("nobody"))
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("nobody"));
    asAdmin()
        .get(FLEET + "/bad id")
        .then()
        .statusCode(400)
        .body("errors.field", contains("clientId"));
    asAdmin()
        .urlEncodingEnabled(false)
        .get(FLEET + "/%20")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", contains("clientId"));
    asAdmin()
        .queryParam("limit", 1001)
        .get(FLEET + "/" + Admin.unique("nobody"))
        .then()
        .statusCode(400)
        .body("errors.field", contains("limit"));
  }

  @Test
  void shouldSummariseEachChannelByVersionAndDrift() throws SQLException {
    DriftFleet fleet = driftFleet();

    asAdmin()
        .queryParam("product", fleet.product())
        .get(FLEET + "/summary")
        .then()
        .statusCode(200)
        .body("staleAfterSeconds", equalTo(7 * 24 * 3600))
        .body("channels.channel", contains("stable"))
        .body("channels[0].product", equalTo(fleet.product()))
        .body("channels[0].head", equalTo("1.2.0"))
        .body("channels[0].clients", equalTo(5))
        .body("channels[0].drift.current", equalTo(2))
        .body("channels[0].drift.behind", equalTo(1))
        .body("channels[0].drift.onPulled", equalTo(1))
        .body("channels[0].drift.stale", equalTo(1))
        .body("channels[0].versions.version", contains("1.0.0", "1.1.5", "1.2.0", "1.3.0-dev.1"))
        .body("channels[0].versions.clients", contains(1, 1, 1, 1))
        .body("channels[0].versions.drift", contains("behind", "on-pulled", "current", "current"))
        .body("channels[0].versions[0].releasesBehind", equalTo(2));
    asAdmin()
        .queryParam("product", "no such product")
        .get(FLEET + "/summary")
        .then()
        .statusCode(400)
        .body("errors.field", contains("product"));
  }

  @Test
  void shouldCountOnlyRecentClientsPerVersionAndEveryClientPerDriftState() throws SQLException {
    DriftFleet fleet = driftFleet();

    gauges.refresh();

    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    String labels = "channel=\"stable\",product=\"" + fleet.product() + "\"";
    assertThat(metrics)
        .as("the stale client on 1.2.0 is not counted")
        .contains("update_clients{" + labels + ",version=\"1.2.0\"} 1.0")
        .contains("update_clients{" + labels + ",version=\"1.0.0\"} 1.0");
    String drift = "update_fleet_clients{channel=\"stable\",drift=\"%s\",product=\"%s\"} %s";
    assertThat(metrics)
        .contains(String.format(drift, "current", fleet.product(), "2.0"))
        .contains(String.format(drift, "behind", fleet.product(), "1.0"))
        .contains(String.format(drift, "on-pulled", fleet.product(), "1.0"))
        .contains(String.format(drift, "stale", fleet.product(), "1.0"));
  }

  @Test
  void shouldLetViewersReadAndRefuseCallersWithoutAToken() {
    String viewer = Admin.newToken("viewer");
    Admin.as(viewer).get(FLEET).then().statusCode(200).body("clients", notNullValue());
    Admin.as(viewer).get(FLEET + "/summary").then().statusCode(200);
    given().get(FLEET).then().statusCode(401);
    given().get(FLEET + "/summary").then().statusCode(401);
  }

  @Test
  void shouldLimitAPageAndDefaultToFifty() throws SQLException {
    Catalog catalog = Catalog.newProduct();
    catalog.release("1.0.0").on("stable");
    for (int i = 0; i < 52; i++) {
      seen(catalog.product(), "stable", "1.0.0", catalog.product() + "-" + i, Instant.now());
    }
    recorder.flush();

    JsonPath first = page(Map.of("product", catalog.product()));

    assertThat(first.getList("clients")).hasSize(50);
    assertThat(first.getString("nextCursor")).isNotNull();
    assertThat(
            page(Map.of("product", catalog.product(), "cursor", first.getString("nextCursor")))
                .getList("clients"))
        .hasSize(2);
    asAdmin()
        .queryParam("product", catalog.product())
        .queryParam("limit", 500)
        .get(FLEET)
        .then()
        .statusCode(200)
        .body("clients.size()", equalTo(52))
        .body("clients.clientId", hasItem(catalog.product() + "-51"));
  }
}
