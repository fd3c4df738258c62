package org.openupdate.server.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openupdate.server.checksupport.Reports;
import org.openupdate.server.fleet.FleetRecorder;
import org.openupdate.server.fleet.Sighting;
import org.openupdate.server.support.Admin;
import org.openupdate.server.support.ReleaseFixture;

/** What the fleet reports, read in the browser: failure reasons, drift, a machine's timeline. */
@QuarkusTest
class FleetBrowserTest extends BrowserTestBase {

  @Inject FleetRecorder recorder;

  @Test
  void shouldShowAFailingAgentsReasonOnTheReleasePage() {
    ReleaseFixture release = ReleaseFixture.aRelease().published();
    String agent = release.product + "-agent-7";
    Map<String, Object> failed =
        Reports.report(release.product, release.version, "stable", agent, "failed");
    failed.put("fromVersion", "0.9.0");
    failed.put("details", Map.of("errors", List.of("health check failed: connection refused")));
    Reports.post(failed).statusCode(202);
    Reports.post(
            Reports.refusal(
                release.product, release.version, "0.9.0", "stable", agent + "-b", "bad-hash"))
        .statusCode(202);

    SignInPage.open(browser).signIn(Admin.ADMIN_TOKEN);
    ReleasePage page = ReleasePage.open(browser, release.product, release.version);
    assertThat(page.refused("stable")).isEqualTo("1");

    assertThat(page.failureReasons())
        .singleElement()
        .asString()
        .contains("failed")
        .contains("health check failed: connection refused")
        .contains(agent);
    FleetPage.MachinePage machine = new FleetPage(browser).machine(agent);
    assertThat(machine.timeline()).singleElement().asString().contains("failed");
  }

  @Test
  void shouldFindAStaleClientAndOneOnAPulledReleaseWithTheFilters() throws SQLException {
    ReleaseFixture first = ReleaseFixture.aRelease().published();
    ReleaseFixture second = first.version("1.1.0").published();
    String p = first.product;
    Instant now = Instant.now();
    seen(p, "1.1.0", p + "-on-pulled", now);
    seen(p, "1.0.0", p + "-stale", now.minus(Duration.ofDays(8)));
    seen(p, "1.0.0", p + "-current", now);
    recorder.flush();

    SignInPage.open(browser).signIn(Admin.ADMIN_TOKEN);
    ReleasePage pulled =
        ReleasePage.open(browser, p, second.version)
            .pull()
            .from("stable", "corrupts data", "1.0.0");
    assertThat(pulled.result())
        .isEqualTo("Pulled 1.1.0 from stable; its clients there are recalled to 1.0.0.");

    FleetPage onPulled = FleetPage.open(browser).show(p, "on-pulled");
    assertThat(onPulled.clients()).containsExactly(p + "-on-pulled");
    assertThat(onPulled.drift(p + "-on-pulled")).isEqualTo("on-pulled");

    FleetPage stale = onPulled.show(p, "stale");
    assertThat(stale.clients()).containsExactly(p + "-stale");

    assertThat(stale.search(p + "-cur").clients()).containsExactly(p + "-current");
    assertThat(OverviewPage.open(browser).alerts())
        .anyMatch(a -> a.startsWith("1 client(s) of " + p + " run a pulled release"))
        .anyMatch(a -> a.startsWith("1 client(s) of " + p + " have not checked"));
  }

  @Test
  void shouldDrawAdoptionOverTimePerVersion() {
    ReleaseFixture release = ReleaseFixture.aRelease().published();
    for (String agent : List.of("a", "b")) {
      Map<String, Object> completed =
          Reports.report(
              release.product, release.version, "stable", release.product + agent, "completed");
      completed.put("fromVersion", "0.9.0");
      Reports.post(completed).statusCode(202);
    }

    SignInPage.open(browser).signIn(Admin.ADMIN_TOKEN);
    FleetPage fleet = FleetPage.open(browser).show(release.product, "");

    assertThat(fleet.drawsAdoption()).isTrue();
    assertThat(fleet.adoptionLegend()).containsExactly("1.0.0: 2");
  }

  @Test
  void shouldShowTheVersionsDismissedAndTheInstallScheduledOnAMachine() throws SQLException {
    ReleaseFixture release = ReleaseFixture.aRelease().published();
    String agent = release.product + "-kiosk";
    Instant at = Instant.parse("2026-12-24T22:00:00Z");
    recorder.seen(
        new Sighting(
            agent,
            release.product,
            "stable",
            "0.9.0",
            "bare-metal",
            "0.1.0",
            "0.9.5,0.9.7",
            "1.0.0",
            at,
            Instant.now()));
    recorder.flush();

    SignInPage.open(browser).signIn(Admin.ADMIN_TOKEN);
    FleetPage.MachinePage machine = FleetPage.open(browser).search(agent).machine(agent);

    assertThat(machine.dismissed()).containsExactly("0.9.5, 0.9.7");
    assertThat(machine.scheduled()).singleElement().asString().startsWith("1.0.0 at 2026-12-24");
  }

  @Test
  void shouldPageThroughMoreThanFiftyClientsAndFilterByChannelVersionAndPlatform()
      throws SQLException {
    ReleaseFixture first = ReleaseFixture.aRelease().published();
    first.version("1.1.0").published();
    String p = first.product;
    Instant now = Instant.now();
    List<String> all = new ArrayList<>();
    List<String> onBeta = new ArrayList<>();
    List<String> windowsOn100 = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String client = String.format("%s-%02d", p, i);
      String channel = i % 3 == 0 ? "beta" : "stable";
      String version = i % 2 == 0 ? "1.0.0" : "1.1.0";
      String platform = i % 5 == 0 ? "windows-x86_64" : "linux-x86_64";
      recorder.seen(new Sighting(client, p, channel, version, platform, "0.1.0", now));
      all.add(client);
      if (channel.equals("beta")) {
        onBeta.add(client);
      }
      if (version.equals("1.0.0") && platform.equals("windows-x86_64")) {
        windowsOn100.add(client);
      }
    }
    recorder.flush();
    SignInPage.open(browser).signIn(Admin.ADMIN_TOKEN);

    FleetPage firstPage = FleetPage.open(browser).filter(p, "", "", "");
    assertThat(firstPage.clients()).hasSize(50);
    assertThat(firstPage.hasNextPage()).isTrue();
    List<String> seen = new ArrayList<>(firstPage.clients());
    FleetPage secondPage = firstPage.nextPage();
    assertThat(secondPage.clients()).hasSize(10);
    assertThat(secondPage.hasNextPage()).isFalse();
    seen.addAll(secondPage.clients());
    assertThat(seen).containsExactlyInAnyOrderElementsOf(all);

    assertThat(secondPage.filter(p, "beta", "", "").clients())
        .containsExactlyInAnyOrderElementsOf(onBeta);
    assertThat(FleetPage.open(browser).filter(p, "", "1.0.0", "windows-x86_64").clients())
        .containsExactlyInAnyOrderElementsOf(windowsOn100);
  }

  private void seen(String product, String version, String clientId, Instant at) {
    recorder.seen(new Sighting(clientId, product, "stable", version, "linux-x86_64", "0.1.0", at));
  }
}
