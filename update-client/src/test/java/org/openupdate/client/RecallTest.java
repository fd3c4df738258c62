package org.openupdate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.client.testing.Release.aRelease;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.client.UpdateClient.Outcome;
import org.openupdate.client.testing.AgentHome;
import org.openupdate.client.testing.FakeUpdateServer;
import org.openupdate.client.testing.Release;
import org.openupdate.manifest.RefusalReason;
import org.openupdate.manifest.RollbackReason;
import org.openupdate.manifest.StatusReport;
import org.openupdate.manifest.UpdateStatus;

/**
 * Manifest sequences and recalls (manifest-schema README, "Sequence and recall"): a pulled release
 * strands no one, a recall brings agents back to its target, a replay is refused.
 */
class RecallTest {
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
  void shouldInstallTheReleaseBeforeAPulledOneItHadOnlySeen() {
    // Finding 1: having seen 1.2.0 made the agent refuse 1.1.0 as a rollback attack, reported as
    // a failure of 1.1.0.
    server.offer(aRelease("1.2.0").sequence(2).build());
    assertThat(home.client().check().outcome()).isEqualTo(Outcome.AVAILABLE);
    server.offer(aRelease("1.1.0").sequence(1).build());

    var result = home.client().apply(false);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.INSTALLED);
    assertThat(home.current()).isEqualTo("1.1.0");
    assertThat(server.reports())
        .extracting(StatusReport::status)
        .doesNotContain(UpdateStatus.FAILED)
        .last()
        .isEqualTo(UpdateStatus.COMPLETED);
  }

  @Test
  void shouldInstallTheReleaseBeforeAPulledOneThatFailedHere() {
    home.healthCheckFailsWhenSick(Map.of());
    home.sick("1.2.0");
    assertThat(install(aRelease("1.2.0").sequence(2)).outcome()).isEqualTo(Outcome.ROLLED_BACK);

    var result = install(aRelease("1.1.0").sequence(1));

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.INSTALLED);
    assertThat(home.current()).isEqualTo("1.1.0");
  }

  @Test
  void shouldFollowARecallToItsTargetAndRefuseTheReplayedPulledManifest() {
    assertThat(install(aRelease("1.1.0").sequence(1)).outcome()).isEqualTo(Outcome.INSTALLED);
    Release pulled = aRelease("1.2.0").sequence(2).build();
    server.offer(pulled);
    assertThat(home.client().apply(false).outcome()).isEqualTo(Outcome.INSTALLED);

    var recall = install(aRelease("1.1.0").recallOf("1.2.0").sequence(3));

    assertThat(recall.outcome()).as(recall.message()).isEqualTo(Outcome.INSTALLED);
    assertThat(recall.message()).contains("recalled from 1.2.0 (pulled) to 1.1.0");
    assertThat(home.current()).isEqualTo("1.1.0");
    assertThat(home.read("current/backend/app.txt")).isEqualTo("backend 1.1.0\n");
    StatusReport recalled = lastReport();
    assertThat(recalled.status()).isEqualTo(UpdateStatus.RECALLED);
    assertThat(recalled.version()).isEqualTo("1.1.0");
    assertThat(recalled.fromVersion()).isEqualTo("1.2.0");
    assertThat(home.client().status().sequences()).containsEntry("stable", 3L);

    // A mirror still serving the pulled release: validly signed, higher version, older sequence.
    server.offer(pulled);
    var replay = home.client().apply(false);

    assertThat(replay.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(replay.message()).contains("has sequence 2, below 3", "a replayed manifest");
    assertThat(home.current()).isEqualTo("1.1.0");
    StatusReport refused = lastReport();
    assertThat(refused.status()).isEqualTo(UpdateStatus.REFUSED);
    assertThat(refused.refusal()).isEqualTo(RefusalReason.SEQUENCE_REPLAY);
    assertThat(refused.version()).isEqualTo("1.2.0");
    assertThat(refused.fromVersion()).isEqualTo("1.1.0");
  }

  @Test
  void shouldSkipThePulledReleaseAfterARecallUntilANewerOne() {
    assertThat(install(aRelease("1.2.0").sequence(2)).outcome()).isEqualTo(Outcome.INSTALLED);
    assertThat(install(aRelease("1.1.0").recallOf("1.2.0").sequence(3)).outcome())
        .isEqualTo(Outcome.INSTALLED);
    assertThat(home.install().resolve("versions/1.2.0")).doesNotExist();

    // Signed again after the recall, so no replay: still not installed by itself.
    var again = install(aRelease("1.2.0").sequence(4));

    assertThat(again.outcome()).as(again.message()).isEqualTo(Outcome.SKIPPED);
    assertThat(again.message()).contains("recalled to 1.1.0", "update-client unskip 1.2.0");
    assertThat(install(aRelease("1.3.0").sequence(5)).outcome()).isEqualTo(Outcome.INSTALLED);
    assertThat(home.client().status().skippedVersions()).isEmpty();
  }

  @Test
  void shouldRefuseALowerReleaseThatRecallsAnotherVersion() {
    assertThat(install(aRelease("1.2.0").sequence(2)).outcome()).isEqualTo(Outcome.INSTALLED);

    var result = install(aRelease("1.1.0").recallOf("1.3.0").sequence(3));

    assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(result.message()).contains("recalls 1.3.0, not the installed version 1.2.0");
    assertThat(lastReport().refusal()).isEqualTo(RefusalReason.DOWNGRADE);
    assertThat(home.current()).isEqualTo("1.2.0");
  }

  @Test
  void shouldRefuseARecallNotSignedAfterTheInstalledRelease() {
    assertThat(install(aRelease("1.2.0").sequence(5)).outcome()).isEqualTo(Outcome.INSTALLED);

    var result = install(aRelease("1.1.0").recallOf("1.2.0").sequence(5));

    assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(result.message()).contains("its sequence 5 is not above 5");
    assertThat(lastReport().refusal()).isEqualTo(RefusalReason.DOWNGRADE);
  }

  @Test
  void shouldRefuseAManifestWithoutSequenceOnceASequencedReleaseIsInstalled() {
    assertThat(install(aRelease("1.1.0").sequence(1)).outcome()).isEqualTo(Outcome.INSTALLED);

    var result = install(aRelease("2.0.0"));

    assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(result.message()).contains("has no sequence, below 1");
    assertThat(lastReport().refusal()).isEqualTo(RefusalReason.SEQUENCE_REPLAY);
  }

  @Test
  void shouldInstallARecallInsideTheMaintenanceWindowUnlessToldOtherwise() {
    assertThat(install(aRelease("1.2.0").sequence(2)).outcome()).isEqualTo(Outcome.INSTALLED);
    home.set(
        "maintenanceWindow",
        Map.of(
            "enabled", true, "days", List.of("monday"), "startTime", "02:00", "endTime", "02:01"));
    // A Tuesday noon after now: signatures are dated now.
    Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
    while (day.atZone(ZoneOffset.UTC).getDayOfWeek() != DayOfWeek.TUESDAY) {
      day = day.plus(1, ChronoUnit.DAYS);
    }
    Clock tuesday = Clock.fixed(day.plus(12, ChronoUnit.HOURS), ZoneOffset.UTC);
    server.offer(aRelease("1.1.0").recallOf("1.2.0").sequence(3).build());

    assertThat(home.client(tuesday).apply(false).outcome()).isEqualTo(Outcome.OUTSIDE_WINDOW);
    assertThat(home.current()).isEqualTo("1.2.0");
    assertThat(home.client(tuesday).apply(true).outcome()).isEqualTo(Outcome.INSTALLED);
    assertThat(home.current()).isEqualTo("1.1.0");
  }

  @Test
  void shouldRollBackAFailedRecallAndCountItAgainstTheTarget() {
    home.healthCheckFailsWhenSick(Map.of());
    assertThat(install(aRelease("1.2.0").sequence(2)).outcome()).isEqualTo(Outcome.INSTALLED);
    home.sick("1.1.0");

    var result = install(aRelease("1.1.0").recallOf("1.2.0").sequence(3));

    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(home.current()).isEqualTo("1.2.0");
    StatusReport last = lastReport();
    assertThat(last.status()).isEqualTo(UpdateStatus.ROLLED_BACK);
    assertThat(last.rollbackReason()).isEqualTo(RollbackReason.HEALTH_CHECK);
    assertThat(last.version()).isEqualTo("1.2.0");
    assertThat(last.fromVersion()).isEqualTo("1.1.0");
    // Not installed and kept, so its sequence is not kept either.
    assertThat(home.client().status().sequences()).containsEntry("stable", 2L);
    assertThat(home.client().status().skippedVersions()).isEmpty();
  }

  @Test
  void shouldBackUpTheDataAndRunTheHooksFromThePulledVersionOnARecall() throws IOException {
    recordHooksAndWriteData(Map.of());
    assertThat(install(aRelease("1.2.0").sequence(2)).outcome()).isEqualTo(Outcome.INSTALLED);

    var recall = install(aRelease("1.1.0").recallOf("1.2.0").sequence(3));

    assertThat(recall.outcome()).as(recall.message()).isEqualTo(Outcome.INSTALLED);
    assertThat(Files.readString(dir.resolve("env-install.txt")))
        .contains(
            "UPDATE_FROM_VERSION=1.2.0",
            "UPDATE_TO_VERSION=1.1.0",
            "UPDATE_BACKUP_DIR=" + home.state().resolve("backups/1.2.0-"));
    assertThat(Files.readString(home.data().resolve("db.txt"))).isEqualTo("written by 1.1.0\n");
    // The pulled version's data was backed up before the switch, as for any update (item 0 of
    // backup.paths is data/0/).
    Path backup = backupOf("1.2.0");
    assertThat(Files.readString(backup.resolve("data/0/db.txt"))).isEqualTo("written by 1.2.0\n");
  }

  @Test
  void shouldRestoreTheDataBackupWhenARecallFailsItsHealthCheck() throws IOException {
    home.healthCheckFailsWhenSick(Map.of());
    recordHooksAndWriteData(
        Map.of(
            "healthCheck",
            Map.of("command", home.root().resolve("healthy.sh").toString(), "interval", 1)));
    assertThat(install(aRelease("1.2.0").sequence(2)).outcome()).isEqualTo(Outcome.INSTALLED);
    home.sick("1.1.0");

    var recall = install(aRelease("1.1.0").recallOf("1.2.0").sequence(3));

    assertThat(recall.outcome()).as(recall.message()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(home.current()).isEqualTo("1.2.0");
    // The recall's install hook rewrote the data; the backup taken before the switch is back.
    assertThat(Files.readString(home.data().resolve("db.txt"))).isEqualTo("written by 1.2.0\n");
    assertThat(Files.readString(dir.resolve("env-install.txt")))
        .contains("UPDATE_FROM_VERSION=1.2.0", "UPDATE_TO_VERSION=1.1.0");
    assertThat(Files.readString(dir.resolve("env-rollback.txt")))
        .contains(
            "UPDATE_FROM_VERSION=1.1.0",
            "UPDATE_TO_VERSION=1.2.0",
            "UPDATE_BACKUP_DIR=" + backupOf("1.2.0"));
  }

  /**
   * A pre-install hook that records its environment per phase and, when installing, writes the data
   * file the backup covers; {@code more} are further hooks.
   */
  private void recordHooksAndWriteData(Map<String, Object> more) {
    home.script(
        "pre.sh",
        "env | grep ^UPDATE_ | sort > \""
            + dir
            + "/env-$UPDATE_PHASE.txt\"\n"
            + "if [ \"$UPDATE_PHASE\" = install ]; then echo \"written by $UPDATE_TO_VERSION\" > \""
            + home.data()
            + "/db.txt\"; fi");
    Map<String, Object> hooks = new java.util.LinkedHashMap<>(more);
    hooks.put("preInstall", home.root().resolve("pre.sh").toString());
    home.set("hooks", hooks);
  }

  /** The one backup taken when {@code version} was left. */
  private Path backupOf(String version) throws IOException {
    try (var backups = Files.list(home.state().resolve("backups"))) {
      List<Path> found =
          backups.filter(b -> b.getFileName().toString().startsWith(version + "-")).toList();
      assertThat(found).hasSize(1);
      return found.get(0);
    }
  }

  private UpdateClient.Result install(Release.Builder release) {
    server.offer(release.build());
    return home.client().apply(false);
  }

  private StatusReport lastReport() {
    List<StatusReport> reports = server.reports();
    return reports.get(reports.size() - 1);
  }
}
