package org.openupdate.server.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.openupdate.server.checksupport.Reports.post;
import static org.openupdate.server.checksupport.Reports.refusal;
import static org.openupdate.server.checksupport.Reports.report;
import static org.openupdate.server.support.Admin.asAdmin;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openupdate.server.checksupport.Catalog;
import org.openupdate.server.checksupport.Scrape;

/**
 * Finding 1 of issue 10: an agent that refused 1.1.0 (it had seen the later-pulled 1.2.0) was
 * counted as a failure of 1.1.0 and halted its rollout. A refusal is no attempt.
 */
@QuarkusTest
class RefusedOfferTest {

  /** Two bad outcomes of four halt it: the same plan as the halting rollout test. */
  private static final String STRICT_PLAN =
      "{\"stages\":[{\"percentage\":100,\"minimumDurationMinutes\":0}],"
          + "\"thresholds\":{\"minimumReports\":4,\"maximumErrorRate\":0.25}}";

  @Inject RolloutEvaluator evaluator;

  @Test
  void shouldNeitherCountARefusedOfferAsAFailureNorHaltItsRollout() {
    Catalog catalog = Catalog.newProduct();
    catalog.release("1.1.0").plan(STRICT_PLAN).on("stable");
    String p = catalog.product();
    post(report(p, "1.1.0", "stable", "fine", "completed")).statusCode(202);
    for (String client : new String[] {"saw-1.2.0-a", "saw-1.2.0-b", "saw-1.2.0-c"}) {
      post(refusal(p, "1.1.0", "1.0.0", "stable", client, "rollback-protection")).statusCode(202);
    }

    evaluator.evaluate(Set.of(new RolloutEvaluator.Key(p, "1.1.0", "stable")));

    rollout(p)
        .body("state", equalTo("ACTIVE"))
        .body("currentStage.attempts", equalTo(1))
        .body("currentStage.failures", equalTo(0))
        .body("currentStage.rollbacks", equalTo(0));
    asAdmin()
        .get("/api/v1/admin/status/" + p + "/1.1.0")
        .then()
        .body("stages[0].attempts", equalTo(1))
        .body("stages[0].failures", equalTo(0));
    Scrape scrape = Scrape.now();
    Map<String, String> release = Map.of("product", p, "channel", "stable", "version", "1.1.0");
    assertThat(scrape.sum("update_failures_total", release).orElse(0)).isZero();
    assertThat(scrape.sum("update_attempts_total", release)).hasValue(1);
    Map<String, String> refused = new java.util.HashMap<>(release);
    refused.put("reason", "rollback-protection");
    assertThat(scrape.sum("update_refusals_total", refused)).hasValue(3);
    assertThat(scrape.sum("update_status_reports_total", Map.of("status", "refused")).orElse(0))
        .isGreaterThanOrEqualTo(3);
  }

  @Test
  void shouldHaltTheSameRolloutOnTheSameNumberOfRealFailures() {
    Catalog catalog = Catalog.newProduct();
    catalog.release("1.1.0").plan(STRICT_PLAN).on("stable");
    String p = catalog.product();
    post(report(p, "1.1.0", "stable", "fine", "completed")).statusCode(202);
    for (String client : new String[] {"broken-a", "broken-b", "broken-c"}) {
      post(report(p, "1.1.0", "stable", client, "failed")).statusCode(202);
    }

    evaluator.evaluate(Set.of(new RolloutEvaluator.Key(p, "1.1.0", "stable")));

    rollout(p).body("state", equalTo("HALTED")).body("currentStage.failures", equalTo(3));
  }

  @Test
  void shouldCountARefusalOfAVersionThisServerNeverOfferedUnderUnknown() {
    Catalog catalog = Catalog.newProduct();
    catalog.release("1.1.0").on("stable");
    String p = catalog.product();

    post(refusal(p, "6.6.6", "1.1.0", "stable", "mirror-victim", "bad-signature")).statusCode(202);

    Map<String, String> labels =
        Map.of("product", p, "channel", "stable", "version", "unknown", "reason", "bad-signature");
    assertThat(Scrape.now().sum("update_refusals_total", labels)).hasValue(1);
  }

  @Test
  void shouldRejectARefusedReportWithoutItsReasonNamingTheField() {
    Catalog catalog = Catalog.newProduct();
    catalog.release("1.1.0").on("stable");
    Map<String, Object> body =
        new java.util.HashMap<>(
            refusal(catalog.product(), "1.1.0", "1.0.0", "stable", "c", "downgrade"));
    body.remove("refusal");

    post(body)
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("https://openupdate.org/problems/validation-failed"))
        .body("detail", containsString("refusal"));
  }

  private static io.restassured.response.ValidatableResponse rollout(String product) {
    return asAdmin()
        .get("/api/v1/admin/rollouts/" + product + "/1.1.0/stable")
        .then()
        .statusCode(200);
  }
}
