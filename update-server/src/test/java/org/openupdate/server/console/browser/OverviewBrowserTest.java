package org.openupdate.server.console.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.server.support.Admin.asAdmin;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openupdate.server.checksupport.Reports;
import org.openupdate.server.fleet.FleetRecorder;
import org.openupdate.server.fleet.Sighting;
import org.openupdate.server.support.Admin;
import org.openupdate.server.support.ReleaseFixture;

/** The start page: what each channel serves, what is rolling out, how the fleet is doing. */
@QuarkusTest
class OverviewBrowserTest extends BrowserTestBase {

  @Inject FleetRecorder recorder;

  @Test
  void shouldShowHeadsRolloutsWithTheirCountsTheFleetAndWhatNeedsAttention() throws SQLException {
    ReleaseFixture first = ReleaseFixture.aRelease().published();
    String p = first.product;
    // 1.1.0's manifest expires in 10 days: inside the 14 days the overview warns before.
    Instant expires = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    ReleaseFixture second =
        first.version("1.1.0").set("expires", expires.toString()).createDraft().uploadAll();
    asAdmin()
        .contentType("application/json")
        .body(Map.of("channel", "stable", "rolloutPlan", plan(10)))
        .post(second.path() + "/publish")
        .then()
        .statusCode(200);
    asAdmin()
        .contentType("application/json")
        .body(Map.of("channel", "beta", "rolloutPlan", plan(25)))
        .post(second.path() + "/promote")
        .then()
        .statusCode(200);
    asAdmin()
        .queryParam("reason", "crash on start")
        .post("/api/v1/admin/rollouts/" + p + "/1.1.0/beta/halt")
        .then()
        .statusCode(200);

    Reports.post(Reports.report(p, "1.1.0", "stable", p + "-ok", "completed")).statusCode(202);
    Reports.post(Reports.report(p, "1.1.0", "stable", p + "-failed", "failed")).statusCode(202);
    Reports.post(Reports.rollback(p, "1.1.0", "1.0.0", "stable", p + "-back", "health-check"))
        .statusCode(202);
    Reports.post(Reports.refusal(p, "1.1.0", "1.0.0", "stable", p + "-refused", "bad-hash"))
        .statusCode(202);

    Instant now = Instant.now();
    seen(p, "1.1.0", p + "-current", now);
    seen(p, "1.0.0", p + "-behind", now);
    seen(p, "1.0.0", p + "-stale", now.minus(Duration.ofDays(8)));
    recorder.flush();

    SignInPage.open(browser).signIn(Admin.ADMIN_TOKEN);
    OverviewPage overview = OverviewPage.open(browser);

    assertThat(overview.head(p, "stable")).isEqualTo("1.1.0");
    assertThat(overview.head(p, "beta")).isEqualTo("1.1.0");
    assertThat(overview.rollouts(p))
        .containsExactlyInAnyOrder(
            List.of("1.1.0", "stable", "ACTIVE", "1 of 2", "10 %", "3", "1", "1", "1", "1"),
            // A halted rollout is offered to no one.
            List.of("1.1.0", "beta", "HALTED", "1 of 2", "0 %", "0", "0", "0", "0", "0"));
    assertThat(overview.fleet(p))
        .isEqualTo(
            "3 client(s), 33.3 % up to date"
                + " (1 current, 1 behind, 0 on a pulled release, 1 stale).");
    assertThat(overview.alerts())
        .contains(
            "Rollout of " + p + " 1.1.0 on beta is halted: resume it or pull the release.",
            "The manifest of "
                + p
                + " 1.1.0 on stable expires "
                + expires
                + ": agents refuse it then; publish a new release.",
            "1 client(s) of " + p + " have not checked for updates for a while (stale).");
  }

  /**
   * Two stages, and thresholds that let the stable rollout take a failure and a rollback out of
   * three reports without halting itself.
   */
  private static Map<String, Object> plan(int firstPercentage) {
    return Map.of(
        "stages",
        List.of(
            Map.of("percentage", firstPercentage, "minimumDurationMinutes", 600),
            Map.of("percentage", 100)),
        "thresholds",
        Map.of("minimumReports", 20, "maximumErrorRate", 0.9));
  }

  private void seen(String product, String version, String clientId, Instant at) {
    recorder.seen(new Sighting(clientId, product, "stable", version, "linux-x86_64", "0.1.0", at));
  }
}
