package org.openupdate.server.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.openupdate.server.checksupport.Reports.post;
import static org.openupdate.server.checksupport.Reports.report;
import static org.openupdate.server.checksupport.Reports.rollback;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.openupdate.server.checksupport.Catalog;
import org.openupdate.server.checksupport.Scrape;
import org.openupdate.server.support.Admin;

@QuarkusTest
class StatusIngestTest {

  @Inject DataSource dataSource;

  @Test
  void shouldAcceptAReportOnceDurableAndCountAResentOneOnce() throws Exception {
    Catalog catalog = Catalog.newProduct();
    catalog.release("2.0.0").on("stable");
    Map<String, Object> body = report(catalog.product(), "2.0.0", "stable", "c-1", "completed");

    post(body).statusCode(202).body("duplicate", equalTo(false));
    assertThat(rows("status_reports", catalog.product()))
        .as("durable when acknowledged")
        .isEqualTo(1);
    post(body).statusCode(202).body("duplicate", equalTo(true));

    assertThat(rows("status_reports", catalog.product())).isEqualTo(1);
    assertThat(rows("update_attempts", catalog.product())).isEqualTo(1);
  }

  @Test
  void shouldStoreAFloodOfDuplicatesOnceAndLoseNothing() throws Exception {
    Catalog catalog = Catalog.newProduct();
    catalog.release("2.0.0").on("stable");
    Map<String, Object> repeated = report(catalog.product(), "2.0.0", "stable", "c-x", "failed");
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<CompletableFuture<Integer>> answers = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      Map<String, Object> body =
          i % 3 == 0
              ? report(catalog.product(), "2.0.0", "stable", "c-" + i, "completed")
              : repeated;
      answers.add(CompletableFuture.supplyAsync(() -> post(body).extract().statusCode(), pool));
    }
    List<Integer> statuses = answers.stream().map(CompletableFuture::join).toList();
    pool.shutdown();

    assertThat(statuses).containsOnly(202);
    assertThat(rows("status_reports", catalog.product())).isEqualTo(100 + 1);
    assertThat(rows("update_attempts", catalog.product())).isEqualTo(100 + 1);
  }

  @Test
  void shouldRejectAReportForAnUnknownReleaseOrChannel() throws Exception {
    Catalog catalog = Catalog.newProduct();
    catalog.release("2.0.0").on("stable");

    post(report(catalog.product(), "9.9.9", "stable", "c-1", "completed"))
        .statusCode(422)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("/version"));
    post(report(catalog.product(), "2.0.0", "gold", "c-1", "completed"))
        .statusCode(422)
        .body("errors.field", hasItem("/channel"));
    assertThat(rows("status_reports", catalog.product())).isZero();
  }

  @Test
  void shouldStillAcceptRollbackReportsForAPulledRelease() throws Exception {
    Catalog catalog = Catalog.newProduct();
    catalog.release("2.0.0").on("stable");
    catalog.pull("2.0.0", "stable");

    post(rollback(catalog.product(), "2.0.0", "1.0.0", "stable", "c-1", "health-check"))
        .statusCode(202);

    assertThat(rows("status_reports", catalog.product())).isEqualTo(1);
  }

  @Test
  void shouldRejectBodiesThatBreakTheSchemaNamingTheField() {
    Catalog catalog = Catalog.newProduct();
    catalog.release("2.0.0").on("stable");
    Map<String, Object> noPhase =
        new java.util.HashMap<>(report(catalog.product(), "2.0.0", "stable", "c-1", "completed"));
    noPhase.put("status", "in-progress");
    Map<String, Object> badStatus =
        new java.util.HashMap<>(report(catalog.product(), "2.0.0", "stable", "c-1", "completed"));
    badStatus.put("status", "done");

    post(noPhase).statusCode(400).body("type", containsString("validation-failed"));
    post(badStatus).statusCode(400).body("errors.field", hasItem("/status"));
    given()
        .contentType("application/json")
        .body("{\"reportId\": ")
        .post("/api/v1/updates/status")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void shouldRefuseOversizedBodiesWith413() {
    String huge = "{\"reportId\":\"" + "x".repeat(70_000) + "\"}";
    given()
        .contentType("application/json")
        .body(huge)
        .post("/api/v1/updates/status")
        .then()
        .statusCode(413)
        .contentType("application/problem+json");
  }

  @Test
  void shouldSummarizeAttemptsOutcomesTimesAndAdoptionPerStage() {
    Catalog catalog = Catalog.newProduct();
    catalog.release("2.0.0").on("stable");
    String p = catalog.product();
    post(report(p, "2.0.0", "stable", "a", "in-progress")).statusCode(202);
    post(report(p, "2.0.0", "stable", "a", "completed")).statusCode(202);
    post(report(p, "2.0.0", "stable", "b", "completed")).statusCode(202);
    post(report(p, "2.0.0", "stable", "c", "failed")).statusCode(202);
    post(rollback(p, "2.0.0", "1.0.0", "stable", "d", "health-check")).statusCode(202);

    Admin.asAdmin()
        .get("/api/v1/admin/status/" + p + "/2.0.0")
        .then()
        .statusCode(200)
        .body("stages[0].channel", equalTo("stable"))
        .body("stages[0].attempts", equalTo(4))
        .body("stages[0].successes", equalTo(2))
        .body("stages[0].failures", equalTo(1))
        .body("stages[0].rollbacks", equalTo(1))
        .body("stages[0].successRate", equalTo(0.5f))
        .body("stages[0].p50Seconds", equalTo(42.5f));
  }

  @Test
  void shouldMoveTheDashboardMetricsAfterReports() {
    Catalog catalog = Catalog.newProduct();
    catalog.release("3.1.0").expires(java.time.Instant.now().plusSeconds(3600)).on("beta");
    String p = catalog.product();
    post(report(p, "3.1.0", "beta", "a", "in-progress")).statusCode(202);
    post(report(p, "3.1.0", "beta", "a", "completed")).statusCode(202);
    post(report(p, "3.1.0", "beta", "b", "failed")).statusCode(202);
    post(rollback(p, "3.1.0", "3.0.0", "beta", "c", "hook")).statusCode(202);

    String labels = "{channel=\"beta\",product=\"" + p + "\",version=\"3.1.0\"}";
    // The rollout gauges are registered once and updated in place on each reload: any scrape has
    // them.
    String body = given().get("/q/metrics").asString();
    assertThat(body)
        .contains("update_attempts_total" + labels + " 3.0")
        .contains("update_success_total" + labels + " 1.0")
        .contains("update_failures_total" + labels + " 1.0")
        .contains("update_status_reports_total{status=\"rolled-back\"}")
        .contains("update_status_ingest_seconds_count")
        .contains("update_rollout_percentage" + labels + " 100.0")
        .contains("update_rollout_halted" + labels + " 0.0")
        .containsPattern(
            java.util.regex.Pattern.quote("update_manifest_expiry_seconds" + labels)
                + " 35\\d\\d\\.\\d+");
    Scrape scrape = Scrape.now();
    Map<String, String> release = Map.of("product", p, "channel", "beta", "version", "3.1.0");
    assertThat(scrape.sum("update_rollbacks_total", with(release, "reason", "hook"))).hasValue(1);
    Map<String, String> completed = with(release, "outcome", "completed");
    assertThat(scrape.sum("update_duration_seconds_count", completed)).hasValue(1);
    assertThat(scrape.sum("update_duration_seconds_sum", completed)).hasValue(42.5);
    assertThat(scrape.sum("update_download_seconds_sum", release)).hasValue(12.5);
    assertThat(scrape.sum("update_install_seconds_sum", release)).hasValue(30.0);
  }

  @Test
  void shouldTimeFailedAndRolledBackAttemptsByOutcomeAndCountMigrationTime() {
    Catalog catalog = Catalog.newProduct();
    catalog.release("3.2.0").on("beta");
    String p = catalog.product();
    Map<String, String> release = Map.of("product", p, "channel", "beta", "version", "3.2.0");
    Map<String, String> failed = with(release, "outcome", "failed");
    Map<String, String> rolledBack = with(release, "outcome", "rolled-back");
    Scrape before = Scrape.now();
    assertThat(before.sum("update_duration_seconds_count", failed)).hasValue(0);
    assertThat(before.sum("update_duration_seconds_count", rolledBack)).hasValue(0);
    assertThat(before.sum("update_migration_seconds_sum", release)).hasValue(0);

    Map<String, Object> failure = report(p, "3.2.0", "beta", "a", "failed");
    failure.put("details", Map.of("downloadTime", 4.0, "installTime", 1.5));
    post(failure).statusCode(202);
    Map<String, Object> rollback = rollback(p, "3.2.0", "3.1.0", "beta", "b", "health-check");
    rollback.put("details", Map.of("downloadTime", 2.0, "installTime", 3.0));
    post(rollback).statusCode(202);
    Map<String, Object> completed = report(p, "3.2.0", "beta", "c", "completed");
    completed.put(
        "details", Map.of("downloadTime", 1.0, "installTime", 2.0, "migrationTime", 0.75));
    post(completed).statusCode(202);

    Scrape after = Scrape.now();
    assertThat(after.sum("update_duration_seconds_count", failed)).hasValue(1);
    assertThat(after.sum("update_duration_seconds_sum", failed)).hasValue(5.5);
    // Counted against the version left (3.2.0), not the one rolled back to.
    assertThat(after.sum("update_duration_seconds_count", rolledBack)).hasValue(1);
    assertThat(after.sum("update_duration_seconds_sum", rolledBack)).hasValue(5.0);
    assertThat(after.sum("update_download_seconds_sum", release)).hasValue(7.0);
    assertThat(after.sum("update_install_seconds_sum", release)).hasValue(6.5);
    assertThat(after.sum("update_migration_seconds_count", release)).hasValue(1);
    assertThat(after.sum("update_migration_seconds_sum", release)).hasValue(0.75);
  }

  private static Map<String, String> with(Map<String, String> labels, String name, String value) {
    Map<String, String> more = new java.util.HashMap<>(labels);
    more.put(name, value);
    return more;
  }

  private int rows(String table, String product) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("select count(*) from " + table + " where product = ?")) {
      s.setString(1, product);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
