package org.openupdate.server.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.openupdate.server.checksupport.Reports.post;
import static org.openupdate.server.checksupport.Reports.report;
import static org.openupdate.server.checksupport.Reports.rollback;
import static org.openupdate.server.support.Admin.asAdmin;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openupdate.server.checksupport.Catalog;
import org.openupdate.server.checksupport.Scrape;

/**
 * Finding 3 of issue 10: a manual rollback 1.1.0 -> 1.0.0 was counted against 1.0.0, and success
 * plus rollback rate came to more than 100 %. Rollbacks count against the version left, with their
 * reason, and every counted outcome has a counted attempt.
 */
@QuarkusTest
class RollbackAccountingTest {

  @Test
  void shouldCountAManualRollbackAgainstTheVersionLeftWithItsReason() {
    Catalog catalog = twoReleases();
    String p = catalog.product();
    post(report(p, "1.1.0", "stable", "m", "in-progress")).statusCode(202);
    post(report(p, "1.1.0", "stable", "m", "completed")).statusCode(202);
    post(rollback(p, "1.1.0", "1.0.0", "stable", "m", "manual")).statusCode(202);

    Scrape scrape = Scrape.now();
    assertThat(scrape.sum("update_rollbacks_total", with(release(p, "1.1.0"), "manual")))
        .hasValue(1);
    assertThat(scrape.sum("update_rollbacks_total", release(p, "1.0.0")).orElse(0))
        .as("the version rolled back to did nothing wrong")
        .isZero();
    assertThat(scrape.sum("update_attempts_total", release(p, "1.0.0")).orElse(0)).isZero();
    asAdmin()
        .get("/api/v1/admin/status/" + p + "/1.0.0")
        .then()
        .statusCode(200)
        .body("stages", empty());
  }

  @Test
  void shouldKeepEveryReleasesRatesWithinAHundredPercentAndAddingUp() {
    Catalog catalog = twoReleases();
    String p = catalog.product();
    // Completed, then rolled back by hand: one more attempt, its outcome a rollback.
    post(report(p, "1.1.0", "stable", "manual", "completed")).statusCode(202);
    post(rollback(p, "1.1.0", "1.0.0", "stable", "manual", "manual")).statusCode(202);
    // Failed, then retried successfully.
    post(report(p, "1.1.0", "stable", "retry", "failed")).statusCode(202);
    post(report(p, "1.1.0", "stable", "retry", "completed")).statusCode(202);
    // Rolled back by its health check.
    post(report(p, "1.1.0", "stable", "unhealthy", "in-progress")).statusCode(202);
    post(rollback(p, "1.1.0", "1.0.0", "stable", "unhealthy", "health-check")).statusCode(202);
    post(report(p, "1.1.0", "stable", "happy", "completed")).statusCode(202);

    Scrape scrape = Scrape.now();
    Map<String, String> release = release(p, "1.1.0");
    double attempts = scrape.sum("update_attempts_total", release).orElseThrow();
    double success = scrape.sum("update_success_total", release).orElseThrow();
    double failures = scrape.sum("update_failures_total", release).orElseThrow();
    double rollbacks = scrape.sum("update_rollbacks_total", release).orElseThrow();
    assertThat(attempts).isEqualTo(6);
    assertThat(success / attempts + failures / attempts + rollbacks / attempts)
        .as("the dashboard's success, failure and rollback rates together")
        .isEqualTo(1.0);

    JsonPath stage =
        asAdmin()
            .get("/api/v1/admin/status/" + p + "/1.1.0")
            .then()
            .statusCode(200)
            .body("stages.channel", hasItem("stable"))
            .body("stages[0].attempts", equalTo(4))
            .body("stages[0].successes", equalTo(2))
            .body("stages[0].rollbacks", equalTo(2))
            .extract()
            .jsonPath()
            .setRootPath("stages[0]");
    double successRate = stage.getDouble("successRate");
    double failureRate = stage.getDouble("failureRate");
    double rollbackRate = stage.getDouble("rollbackRate");
    assertThat(successRate + failureRate + rollbackRate).isCloseTo(1.0, within(1e-9));
    assertThat(successRate).isEqualTo(0.5);
    assertThat(rollbackRate).isEqualTo(0.5);
  }

  @Test
  void shouldRejectARollbackFromAVersionThisServerNeverPublishedNamingFromVersion() {
    Catalog catalog = twoReleases();

    post(rollback(catalog.product(), "9.9.9", "1.0.0", "stable", "c", "hook"))
        .statusCode(422)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("/fromVersion"));
  }

  private static Catalog twoReleases() {
    Catalog catalog = Catalog.newProduct();
    catalog.release("1.0.0").on("stable");
    catalog.release("1.1.0").on("stable");
    return catalog;
  }

  private static Map<String, String> release(String product, String version) {
    return Map.of("product", product, "channel", "stable", "version", version);
  }

  private static Map<String, String> with(Map<String, String> labels, String reason) {
    Map<String, String> more = new HashMap<>(labels);
    more.put("reason", reason);
    return more;
  }
}
