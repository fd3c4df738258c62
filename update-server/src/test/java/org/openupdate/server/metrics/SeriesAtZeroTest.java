package org.openupdate.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.server.support.Admin.asAdmin;
import static org.openupdate.server.support.ReleaseFixture.aRelease;

import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openupdate.manifest.RefusalReason;
import org.openupdate.manifest.RollbackReason;
import org.openupdate.server.checksupport.Catalog;
import org.openupdate.server.checksupport.Scrape;
import org.openupdate.server.support.ReleaseFixture;

/**
 * Finding 5 of issue 10: counters appeared at 1 with the first report, so increase() and rate()
 * never saw a release's first install. Every series a report can move exists at 0 once the release
 * is on a channel.
 */
@QuarkusTest
class SeriesAtZeroTest {

  private static final List<String> COUNTERS =
      List.of("update_attempts_total", "update_success_total", "update_failures_total");
  private static final List<String> HISTOGRAMS =
      List.of("update_download_seconds", "update_install_seconds", "update_migration_seconds");

  @Test
  void shouldCreateEveryOutcomeSeriesAtZeroWhenAReleaseIsPublished() {
    ReleaseFixture release = aRelease().published();

    Scrape scrape = Scrape.now();
    // beta and early-access follow stable: their clients report this release under their channel.
    for (String channel : List.of("stable", "beta", "early-access")) {
      Map<String, String> labels =
          Map.of("product", release.product, "channel", channel, "version", "1.0.0");
      for (String counter : COUNTERS) {
        assertThat(scrape.sum(counter, labels)).as(counter + " on " + channel).hasValue(0);
      }
      for (RollbackReason reason : RollbackReason.values()) {
        assertThat(scrape.sum("update_rollbacks_total", with(labels, "reason", reason.json())))
            .as("rollbacks for " + reason.json())
            .hasValue(0);
      }
      for (RefusalReason reason : RefusalReason.values()) {
        assertThat(scrape.sum("update_refusals_total", with(labels, "reason", reason.json())))
            .as("refusals for " + reason.json())
            .hasValue(0);
      }
      for (String outcome : List.of("completed", "failed", "rolled-back", "recalled")) {
        assertThat(scrape.sum("update_duration_seconds_count", with(labels, "outcome", outcome)))
            .as("duration of " + outcome)
            .hasValue(0);
      }
      for (String histogram : HISTOGRAMS) {
        assertThat(scrape.sum(histogram + "_count", labels)).as(histogram).hasValue(0);
        assertThat(scrape.series(histogram + "_bucket", labels))
            .as(histogram + " buckets, for histogram_quantile")
            .isGreaterThan(5);
      }
    }
    assertThat(
            scrape.sum(
                "update_checks_total", Map.of("product", release.product, "channel", "beta")))
        .hasValue(0);
    assertThat(scrape.sum("update_status_reports_total", Map.of("status", "recalled"))).isPresent();
  }

  @Test
  void shouldCreateTheSeriesOfReleasesPutOnChannelsElsewhereWithoutAnyReport()
      throws InterruptedException {
    // Written to the database directly, as another instance (or this one before a restart) would
    // have: this instance learns of it by its snapshot refresh.
    Catalog catalog = Catalog.newProduct();
    catalog.release("4.2.0").on("beta");
    Map<String, String> labels =
        Map.of("product", catalog.product(), "channel", "beta", "version", "4.2.0");

    boolean present = false;
    for (int i = 0; i < 100 && !present; i++) {
      present = Scrape.now().sum("update_attempts_total", labels).isPresent();
      if (!present) {
        Thread.sleep(100);
      }
    }

    assertThat(present).isTrue();
    Scrape scrape = Scrape.now();
    assertThat(scrape.sum("update_success_total", labels)).hasValue(0);
    assertThat(
            scrape.sum(
                "update_attempts_total",
                Map.of("product", catalog.product(), "channel", "stable", "version", "4.2.0")))
        .as("stable does not follow beta: its clients are never offered this release")
        .isEmpty();
  }

  @Test
  void shouldCreateTheRecallSeriesWhenAReleaseIsPulledWithARecallTarget() {
    ReleaseFixture first = aRelease().published();
    ReleaseFixture pulled = first.version("1.1.0").published();
    asAdmin()
        .contentType("application/json")
        .body(Map.of("recallTo", "1.0.0"))
        .post(pulled.path() + "/pull")
        .then()
        .statusCode(200);

    Map<String, String> labels =
        Map.of(
            "product", pulled.product, "channel", "stable", "version", "1.1.0", "target", "1.0.0");
    assertThat(Scrape.now().sum("update_recalls_total", labels)).hasValue(0);
  }

  @Test
  void shouldLeaveTheSeriesOfOlderFinishedReleasesToTheirFirstReport() throws InterruptedException {
    Catalog catalog = Catalog.newProduct();
    catalog.allOn(
        "stable",
        java.util.stream.IntStream.rangeClosed(0, 20)
            .mapToObj(minor -> "5." + minor + ".0")
            .toArray(String[]::new));
    Map<String, String> newest =
        Map.of("product", catalog.product(), "channel", "stable", "version", "5.20.0");
    for (int i = 0; i < 100 && Scrape.now().sum("update_attempts_total", newest).isEmpty(); i++) {
      Thread.sleep(100);
    }

    Scrape scrape = Scrape.now();
    assertThat(scrape.sum("update_attempts_total", newest)).hasValue(0);
    assertThat(
            scrape.sum(
                "update_attempts_total",
                Map.of("product", catalog.product(), "channel", "stable", "version", "5.19.0")))
        .as("only the channel's head: the older releases finished their rollouts")
        .isEmpty();
  }

  private static Map<String, String> with(Map<String, String> labels, String name, String value) {
    Map<String, String> more = new HashMap<>(labels);
    more.put(name, value);
    return more;
  }
}
