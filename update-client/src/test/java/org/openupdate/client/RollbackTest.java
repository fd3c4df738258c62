package org.openupdate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.client.testing.Release.aRelease;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.client.UpdateClient.Outcome;
import org.openupdate.client.testing.AgentHome;
import org.openupdate.client.testing.FakeUpdateServer;
import org.openupdate.client.testing.Release;
import org.openupdate.manifest.RollbackReason;
import org.openupdate.manifest.StatusReport;
import org.openupdate.manifest.UpdateStatus;

/**
 * Going back, by hand or on failure: which version the agent picks, what it reports, and that the
 * daemon does not undo it. Real files, real hook scripts, a real HTTP server.
 */
class RollbackTest {
  @TempDir Path dir;
  private FakeUpdateServer server;
  private AgentHome home;

  @BeforeEach
  void start() throws IOException {
    server = new FakeUpdateServer();
    home = new AgentHome(dir, server.url());
  }

  @AfterEach
  void stop() {
    server.close();
    assertThat(home.state().resolve("reports/rejected")).doesNotExist();
  }

  @Test
  void shouldNeverRollBackByDefaultToAVersionThatFailedHere() throws IOException {
    // Finding 2: the good 1.1.0 was pruned, 1.2.0 (failed here) kept, and rollback picked 1.2.0.
    home.set("initialVersion", "0.1.0");
    home.healthCheckFailsWhenSick(Map.of("keepVersions", 3));
    assertThat(install("1.0.0").outcome()).isEqualTo(Outcome.INSTALLED);
    assertThat(install("1.1.0").outcome()).isEqualTo(Outcome.INSTALLED);
    home.sick("1.2.0");
    assertThat(install("1.2.0").outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(home.client().rollback(Optional.of("1.0.0")).outcome())
        .isEqualTo(Outcome.ROLLED_BACK);
    assertThat(install("1.3.0").outcome()).isEqualTo(Outcome.INSTALLED);
    assertThat(kept()).contains("1.1.0");

    var result = home.client().rollback(Optional.empty());

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(home.current()).isEqualTo("1.1.0");
    assertThat(home.client().status().state()).isEqualTo("rolled-back");
  }

  @Test
  void shouldSayWhenNoOlderVersionPassedItsHealthCheckAndChangeNothing() {
    home.healthCheckFailsWhenSick(Map.of());
    assertThat(install("2.0.0").outcome()).isEqualTo(Outcome.INSTALLED);
    home.sick("3.0.0");
    assertThat(install("3.0.0").outcome()).isEqualTo(Outcome.ROLLED_BACK);
    int reports = server.reports().size();

    var result = home.client().rollback(Optional.empty());

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.message())
        .contains(
            "no version older than 2.0.0 that passed its health check on this machine is kept",
            "kept: 3.0.0 (failed here), 2.0.0",
            "nothing changed");
    assertThat(home.current()).isEqualTo("2.0.0");
    assertThat(server.reports()).hasSize(reports);
  }

  @Test
  void shouldRollBackByNameToAVersionThatFailedHereWithAWarning() {
    home.healthCheckFailsWhenSick(Map.of());
    assertThat(install("2.0.0").outcome()).isEqualTo(Outcome.INSTALLED);
    home.sick("3.0.0");
    assertThat(install("3.0.0").outcome()).isEqualTo(Outcome.ROLLED_BACK);
    home.cured("3.0.0");
    assertThat(install("4.0.0").outcome()).isEqualTo(Outcome.INSTALLED);
    assertThat(home.client().status().failedVersions()).containsExactly("3.0.0");

    var result = home.client().rollback(Optional.of("3.0.0"));

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(result.message()).contains("warning: 3.0.0 failed on this machine before");
    assertThat(home.current()).isEqualTo("3.0.0");
    // It passed its health check this time: the latest verdict counts.
    assertThat(home.client().status().failedVersions()).isEmpty();
  }

  @Test
  void shouldCountOnlyGoodVersionsWhenPruningAndKeepTheLastFailureBesides() throws IOException {
    home.healthCheckFailsWhenSick(Map.of("keepVersions", 2));
    assertThat(install("2.0.0").outcome()).isEqualTo(Outcome.INSTALLED);
    home.sick("3.0.0");
    assertThat(install("3.0.0").outcome()).isEqualTo(Outcome.ROLLED_BACK);
    home.sick("4.0.0");
    assertThat(install("4.0.0").outcome()).isEqualTo(Outcome.ROLLED_BACK);

    assertThat(install("5.0.0").outcome()).isEqualTo(Outcome.INSTALLED);

    assertThat(kept()).containsExactly("5.0.0", "4.0.0", "2.0.0");
    assertThat(home.client().rollback(Optional.empty()).message()).contains("to 2.0.0");
  }

  @Test
  void shouldTakeVersionsKeptByAnOlderAgentAsGoodUnlessTheyFailed() throws IOException {
    for (String version : List.of("2.0.0", "3.0.0", "4.0.0")) {
      assertThat(install(version).outcome()).isEqualTo(Outcome.INSTALLED);
    }
    // facts.json as the agent before last-known-good wrote it: rolled-back versions only.
    Files.writeString(
        home.state().resolve("facts.json"),
        "{\"clientId\":\"c1\",\"highestSeen\":\"4.0.0\",\"failedVersions\":[\"3.0.0\"]}");

    var result = home.client().rollback(Optional.empty());

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(home.current()).isEqualTo("2.0.0");
  }

  @Test
  void shouldCountAManualRollbackAgainstTheVersionLeft() {
    // Finding 3: the server counts a rollback against fromVersion, the version the operator left.
    assertThat(install("2.0.0").outcome()).isEqualTo(Outcome.INSTALLED);
    assertThat(install("3.0.0").outcome()).isEqualTo(Outcome.INSTALLED);

    assertThat(home.client().rollback(Optional.empty()).outcome()).isEqualTo(Outcome.ROLLED_BACK);

    StatusReport last = lastReport();
    assertThat(last.status()).isEqualTo(UpdateStatus.ROLLED_BACK);
    assertThat(last.version()).isEqualTo("2.0.0");
    assertThat(last.fromVersion()).isEqualTo("3.0.0");
    assertThat(last.rollbackReason()).isEqualTo(RollbackReason.MANUAL);
  }

  @Test
  void shouldNotReinstallTheVersionRolledBackFromInTheNextDaemonCycle() {
    // Finding 4: with auto-install the daemon reinstalled the version rolled back from.
    home.set("autoInstall", true);
    assertThat(install("2.0.0").outcome()).isEqualTo(Outcome.INSTALLED);
    assertThat(install("3.0.0").outcome()).isEqualTo(Outcome.INSTALLED);
    assertThat(home.client().rollback(Optional.empty()).outcome()).isEqualTo(Outcome.ROLLED_BACK);

    var cycle = home.client().runOnce();

    assertThat(home.current()).isEqualTo("2.0.0");
    assertThat(cycle.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(cycle.message()).contains("3.0.0", "update-client unskip 3.0.0");
    assertThat(home.client().status().skippedVersions())
        .containsOnlyKeys("3.0.0")
        .hasEntrySatisfying(
            "3.0.0", why -> assertThat(why).contains("rolled back by hand to 2.0.0"));
  }

  @Test
  void shouldNeitherDownloadNorApplyTheVersionRolledBackFrom() {
    assertThat(install("2.0.0").outcome()).isEqualTo(Outcome.INSTALLED);
    Release left = aRelease("3.0.0").build();
    server.offer(left);
    assertThat(home.client().apply(false).outcome()).isEqualTo(Outcome.INSTALLED);
    assertThat(home.client().rollback(Optional.empty()).outcome()).isEqualTo(Outcome.ROLLED_BACK);

    assertThat(home.client().runOnce().outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(home.client().apply(true).outcome()).isEqualTo(Outcome.SKIPPED);

    String sha = left.artifacts().keySet().iterator().next();
    assertThat(home.state().resolve("downloads").resolve(sha)).doesNotExist();
    assertThat(home.current()).isEqualTo("2.0.0");
  }

  @Test
  void shouldInstallTheVersionRolledBackFromOnceTheOperatorUnskipsIt() {
    home.set("autoInstall", true);
    assertThat(install("2.0.0").outcome()).isEqualTo(Outcome.INSTALLED);
    assertThat(install("3.0.0").outcome()).isEqualTo(Outcome.INSTALLED);
    assertThat(home.client().rollback(Optional.empty()).outcome()).isEqualTo(Outcome.ROLLED_BACK);

    var unskip = home.client().unskip("3.0.0");

    assertThat(unskip.outcome()).isEqualTo(Outcome.UNSKIPPED);
    assertThat(unskip.message()).contains("3.0.0 is no longer skipped", "rolled back by hand");
    assertThat(home.client().status().skippedVersions()).isEmpty();
    assertThat(home.client().runOnce().outcome()).isEqualTo(Outcome.INSTALLED);
    assertThat(home.current()).isEqualTo("3.0.0");
  }

  @Test
  void shouldSayWhichVersionsAreSkippedWhenAskedToUnskipAnother() {
    var result = home.client().unskip("3.0.0");

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.message()).isEqualTo("3.0.0 is not skipped; skipped versions: none");
  }

  @Test
  void shouldStopSkippingOnceANewerReleaseIsOffered() {
    home.set("autoInstall", true);
    assertThat(install("2.0.0").outcome()).isEqualTo(Outcome.INSTALLED);
    assertThat(install("3.0.0").outcome()).isEqualTo(Outcome.INSTALLED);
    assertThat(home.client().rollback(Optional.empty()).outcome()).isEqualTo(Outcome.ROLLED_BACK);
    server.offer(aRelease("3.1.0").build());

    assertThat(home.client().runOnce().outcome()).isEqualTo(Outcome.INSTALLED);

    assertThat(home.current()).isEqualTo("3.1.0");
    assertThat(home.client().status().skippedVersions()).isEmpty();
  }

  private UpdateClient.Result install(String version) {
    server.offer(aRelease(version).build());
    return home.client().apply(false);
  }

  private List<String> kept() throws IOException {
    try (Stream<Path> versions = Files.list(home.install().resolve("versions"))) {
      return versions
          .map(v -> v.getFileName().toString())
          .sorted(Comparator.reverseOrder())
          .toList();
    }
  }

  private StatusReport lastReport() {
    List<StatusReport> reports = server.reports();
    return reports.get(reports.size() - 1);
  }
}
