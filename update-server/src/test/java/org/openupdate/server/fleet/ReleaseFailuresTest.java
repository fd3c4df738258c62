package org.openupdate.server.fleet;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.openupdate.server.checksupport.Reports.post;
import static org.openupdate.server.checksupport.Reports.report;
import static org.openupdate.server.support.Admin.asAdmin;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openupdate.server.checksupport.Catalog;
import org.openupdate.server.checksupport.Reports;

@QuarkusTest
class ReleaseFailuresTest {

  private static String failuresOf(Catalog catalog, String version) {
    return "/api/v1/admin/releases/" + catalog.product() + "/" + version + "/failures";
  }

  private static void fail(
      Catalog catalog, String version, String channel, String client, String... errors) {
    Map<String, Object> body = report(catalog.product(), version, channel, client, "failed");
    body.put("details", Map.of("errors", List.of(errors)));
    post(body).statusCode(202);
  }

  /** A rollback from {@code left} back to {@code runningNow}, as agents report it. */
  private static void rolledBack(
      Catalog catalog, String left, String runningNow, String client, String reason, String error) {
    Map<String, Object> body =
        Reports.rollback(catalog.product(), left, runningNow, "stable", client, reason);
    body.put("details", Map.of("errors", List.of(error)));
    post(body).statusCode(202);
  }

  @Test
  void shouldGroupFailuresByNormalisedErrorsWithCountsPerChannelAndStage() {
    Catalog catalog = Catalog.newProduct();
    catalog
        .release("2.0.0")
        .plan("{\"stages\":[{\"percentage\":5},{\"percentage\":25}]}")
        .on("stable");
    catalog.release("2.0.0").on("beta");
    String p = catalog.product();
    fail(catalog, "2.0.0", "stable", p + "-a", "port 8443 in use");
    asAdmin()
        .post("/api/v1/admin/rollouts/" + p + "/2.0.0/stable/advance")
        .then()
        .statusCode(200)
        .body("stage", equalTo(1));
    fail(catalog, "2.0.0", "stable", p + "-b", "port 9000 in use");
    fail(catalog, "2.0.0", "beta", p + "-c", "port 8080 in use");
    fail(catalog, "2.0.0", "beta", p + "-c", "port 8081 in use");
    fail(catalog, "2.0.0", "stable", p + "-d", "disk full: 512 bytes left");
    post(report(p, "2.0.0", "stable", p + "-e", "completed")).statusCode(202);

    asAdmin()
        .get(failuresOf(catalog, "2.0.0"))
        .then()
        .statusCode(200)
        .body("product", equalTo(p))
        .body("version", equalTo("2.0.0"))
        .body("reports", equalTo(5))
        .body("truncated", equalTo(false))
        .body("reasons.message", contains("port <n> in use", "disk full: <n> bytes left"))
        .body("reasons[0].status", equalTo("failed"))
        .body("reasons[0].rollbackReason", nullValue())
        .body("reasons[0].reports", equalTo(4))
        .body("reasons[0].clients", equalTo(3))
        .body("reasons[0].example", equalTo("port 8081 in use"))
        .body("reasons[0].sampleClients", contains(p + "-c", p + "-b", p + "-a"))
        .body("reasons[0].stages.channel", contains("beta", "stable", "stable"))
        .body("reasons[0].stages.stage", contains(0, 0, 1))
        .body("reasons[0].stages.reports", contains(2, 1, 1))
        .body("reasons[1].reports", equalTo(1))
        .body("reasons[1].sampleClients", contains(p + "-d"));
  }

  @Test
  void shouldGroupRollbacksOfTheReleaseLeftByReasonAndError() {
    Catalog catalog = Catalog.newProduct();
    for (String version : List.of("1.0.0", "2.0.0", "3.0.0")) {
      catalog.release(version).on("stable");
    }
    String p = catalog.product();
    rolledBack(
        catalog, "2.0.0", "1.0.0", p + "-a", "health-check", "health check failed after 30s");
    rolledBack(
        catalog, "2.0.0", "1.0.0", p + "-b", "health-check", "health check failed after 45s");
    rolledBack(catalog, "2.0.0", "1.0.0", p + "-c", "hook", "hook exited 1");
    // Rolled back from 3.0.0 to 2.0.0: 3.0.0's failure, not 2.0.0's.
    rolledBack(catalog, "3.0.0", "2.0.0", p + "-d", "manual", "asked for by the operator");

    asAdmin()
        .get(failuresOf(catalog, "2.0.0"))
        .then()
        .statusCode(200)
        .body("reports", equalTo(3))
        .body("reasons.status", contains("rolled-back", "rolled-back"))
        .body("reasons.rollbackReason", contains("health-check", "hook"))
        .body("reasons.message", contains("health check failed after <n>s", "hook exited <n>"))
        .body("reasons[0].sampleClients", contains(p + "-b", p + "-a"))
        .body("reasons[0].stages.channel", contains("stable"))
        .body("reasons[0].stages.stage", contains(0))
        .body("reasons[0].stages.reports", contains(2));
    asAdmin()
        .get(failuresOf(catalog, "3.0.0"))
        .then()
        .statusCode(200)
        .body("reasons.rollbackReason", contains("manual"));
    asAdmin().get(failuresOf(catalog, "1.0.0")).then().statusCode(200).body("reasons", empty());
  }

  @Test
  void shouldNameAFailureWithoutErrors() {
    Catalog catalog = Catalog.newProduct();
    catalog.release("2.0.0").on("stable");
    post(report(catalog.product(), "2.0.0", "stable", catalog.product() + "-x", "failed"))
        .statusCode(202);

    asAdmin()
        .get(failuresOf(catalog, "2.0.0"))
        .then()
        .statusCode(200)
        .body("reasons.message", contains("(no error message)"))
        .body("reasons[0].stages.stage", contains(0));
  }

  @Test
  void shouldAnswerNotFoundForAnUnknownReleaseAndBadRequestForABadVersion() {
    Catalog catalog = Catalog.newProduct();
    catalog.release("2.0.0").on("stable");

    asAdmin()
        .get(failuresOf(catalog, "9.9.9"))
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("9.9.9"));
    asAdmin()
        .get(failuresOf(catalog, "2.0"))
        .then()
        .statusCode(400)
        .body("errors.field", contains("version"));
    asAdmin()
        .get("/api/v1/admin/releases/no-such-product-xyz/2.0.0/failures")
        .then()
        .statusCode(404);
  }
}
