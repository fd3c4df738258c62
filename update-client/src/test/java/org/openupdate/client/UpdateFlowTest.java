package org.openupdate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.client.testing.Release.aRelease;
import static org.openupdate.client.testing.Release.zip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.client.UpdateClient.Outcome;
import org.openupdate.client.testing.AgentHome;
import org.openupdate.client.testing.FakeUpdateServer;
import org.openupdate.client.testing.Release;
import org.openupdate.client.testing.TestKeys;
import org.openupdate.manifest.RefusalReason;
import org.openupdate.manifest.RollbackReason;
import org.openupdate.manifest.StatusReport;
import org.openupdate.manifest.UpdatePhase;
import org.openupdate.manifest.UpdateStatus;

/** The whole agent in-process against a real HTTP server, with real files and bash hooks. */
class UpdateFlowTest {
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
    // Every report the agent sent must have passed the contract's schema.
    assertThat(home.state().resolve("reports/rejected")).doesNotExist();
  }

  private UpdateClient.Result install(String version) {
    server.offer(aRelease(version).build());
    return home.client().apply(false);
  }

  @Test
  void shouldInstallAVerifiedReleaseAndReportCompleted() throws IOException {
    var result = install("2.0.0");

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.INSTALLED);
    assertThat(Files.readSymbolicLink(home.install().resolve("current")))
        .isEqualTo(Path.of("versions/2.0.0"));
    assertThat(home.read("current/backend/app.txt")).isEqualTo("backend 2.0.0\n");
    assertThat(home.read("current/release-manifest.json")).contains("\"version\":\"2.0.0\"");
    assertThat(server.lastCheckHeaders())
        .containsEntry("x-current-version", "1.0.0")
        .containsEntry("x-channel", "stable")
        .containsEntry("x-product", "cm-diagnostics")
        .containsEntry("x-platform", "bare-metal")
        .containsKey("x-client-id");
    List<StatusReport> reports = server.reports();
    assertThat(reports)
        .extracting(StatusReport::phase)
        .containsSubsequence(
            UpdatePhase.DOWNLOADING, UpdatePhase.VERIFYING, UpdatePhase.INSTALLING);
    StatusReport last = reports.get(reports.size() - 1);
    assertThat(last.status()).isEqualTo(UpdateStatus.COMPLETED);
    assertThat(last.fromVersion()).isEqualTo("1.0.0");
    assertThat(last.version()).isEqualTo("2.0.0");
    assertThat(last.details().downloadTime()).isNotNull();
    assertThat(last.details().installTime()).isNotNull();
    assertThat(reports)
        .extracting(StatusReport::reportId)
        .doesNotHaveDuplicates()
        .doesNotContainNull();
    assertThat(home.client().status().state()).isEqualTo("success");
  }

  @Test
  void shouldRollBackWhenTheHealthCheckFailsLeavingThePreviousVersionByteIdentical()
      throws IOException {
    Files.writeString(home.data().resolve("db.txt"), "schema 1\n");
    home.script(
        "migrate.sh",
        "env | grep ^UPDATE_ | sort > \""
            + dir
            + "/env-$UPDATE_PHASE-pre.txt\"\n"
            + "if [ \"$UPDATE_PHASE\" = install ]; then echo \"schema ${UPDATE_TO_VERSION%%.*}\" > \""
            + home.data()
            + "/db.txt\"; fi");
    home.script(
        "healthy.sh",
        "test \"$(cat \"$UPDATE_INSTALL_DIR/current/backend/app.txt\")\" != \"backend 3.0.0\"");
    home.set(
        "hooks",
        Map.of(
            "preInstall", dir.resolve("migrate.sh").toString(),
            "healthCheck", Map.of("command", dir.resolve("healthy.sh").toString(), "interval", 1)));
    home.set("rollback", Map.of("healthCheckTimeout", 2));
    assertThat(install("2.0.0").outcome()).isEqualTo(Outcome.INSTALLED);
    Map<String, String> before = tree(home.install().resolve("versions/2.0.0"));

    var result = install("3.0.0");

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(result.message()).contains("health check failed");
    assertThat(Files.readSymbolicLink(home.install().resolve("current")))
        .isEqualTo(Path.of("versions/2.0.0"));
    assertThat(tree(home.install().resolve("versions/2.0.0"))).isEqualTo(before);
    assertThat(Files.readString(home.data().resolve("db.txt"))).isEqualTo("schema 2\n");
    assertThat(Files.readString(dir.resolve("env-install-pre.txt")))
        .contains(
            "UPDATE_FROM_VERSION=2.0.0",
            "UPDATE_TO_VERSION=3.0.0",
            "UPDATE_VERSION_DIR=" + home.install().resolve("versions/3.0.0"),
            "UPDATE_INSTALL_DIR=" + home.install(),
            "UPDATE_BACKUP_DIR=" + home.state().resolve("backups"));
    assertThat(Files.readString(dir.resolve("env-rollback-pre.txt")))
        .contains("UPDATE_FROM_VERSION=3.0.0", "UPDATE_TO_VERSION=2.0.0");
    StatusReport last = server.reports().get(server.reports().size() - 1);
    assertThat(last.status()).isEqualTo(UpdateStatus.ROLLED_BACK);
    assertThat(last.rollbackReason()).isEqualTo(RollbackReason.HEALTH_CHECK);
    // Counted against the version left, not the one running again.
    assertThat(last.fromVersion()).isEqualTo("3.0.0");
    assertThat(last.version()).isEqualTo("2.0.0");
    assertThat(last.details().errors()).anyMatch(e -> e.contains("health check failed"));
    assertThat(home.client().status().state()).isEqualTo("rolled-back");
  }

  @Test
  void shouldRollBackWhenThePostInstallHookFails() throws IOException {
    assertThat(install("2.0.0").outcome()).isEqualTo(Outcome.INSTALLED);
    home.script(
        "post.sh", "if [ \"$UPDATE_PHASE\" = install ]; then echo 'cannot start' >&2; exit 3; fi");
    home.set("hooks", Map.of("postInstall", dir.resolve("post.sh").toString()));

    var result = install("3.0.0");

    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(result.message()).contains("post-install hook exited with 3", "cannot start");
    assertThat(home.read("current/backend/app.txt")).isEqualTo("backend 2.0.0\n");
    StatusReport last = server.reports().get(server.reports().size() - 1);
    assertThat(last.status()).isEqualTo(UpdateStatus.ROLLED_BACK);
    assertThat(last.rollbackReason()).isEqualTo(RollbackReason.HOOK);
    assertThat(last.fromVersion()).isEqualTo("3.0.0");
    assertThat(last.version()).isEqualTo("2.0.0");
  }

  @Test
  void shouldRefuseAManifestSignedByAnUnpinnedKey() {
    server.offer(aRelease("2.0.0").signedBy(TestKeys.attacker()).build());

    var result = home.client().apply(false);

    assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(result.message()).contains("failed signature verification", "refused");
    assertNothingInstalled();
    assertThat(server.reports()).hasSize(1);
    assertLastReportRefused(RefusalReason.UNPINNED_KEY, "2.0.0", "1.0.0");
  }

  @Test
  void shouldRefuseAnExpiredManifest() {
    server.offer(aRelease("2.0.0").expires(Instant.now().minus(1, ChronoUnit.DAYS)).build());

    var result = home.client().apply(false);

    assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(result.message()).contains("expired at");
    assertNothingInstalled();
    assertLastReportRefused(RefusalReason.EXPIRED, "2.0.0", "1.0.0");
  }

  @Test
  void shouldRefuseAManifestWithoutExpiry() {
    server.offer(aRelease("2.0.0").expires(null).build());

    var result = home.client().check();

    assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(result.message()).contains("has no 'expires' date");
    assertLastReportRefused(RefusalReason.EXPIRED, "2.0.0", "1.0.0");
  }

  @Test
  void shouldRefuseAReleaseForAnotherProductOrChannel() {
    server.offer(aRelease("2.0.0").product("other-product").build());
    assertThat(home.client().check().message()).contains("is for product 'other-product'");
    assertLastReportRefused(RefusalReason.WRONG_PRODUCT, "2.0.0", "1.0.0");

    server.offer(aRelease("2.0.0").channel("beta").build());
    assertThat(home.client().check().message()).contains("is for channel 'beta'", "refused");
    assertLastReportRefused(RefusalReason.WRONG_CHANNEL, "2.0.0", "1.0.0");
  }

  @Test
  void shouldAcceptReleasesOfAFollowedChannelAndNoOther() {
    home.set("channel", "beta");
    server.offer(aRelease("2.0.0").channel("stable").build());
    assertThat(home.client().check().outcome()).isEqualTo(Outcome.AVAILABLE);

    server.offer(aRelease("2.1.0").channel("early-access").build());
    assertThat(home.client().check().message())
        .contains("is for channel 'early-access'", "accepts [beta, stable]", "refused");
    assertLastReportRefused(RefusalReason.WRONG_CHANNEL, "2.1.0", "1.0.0");
  }

  @Test
  void shouldRefuseAnOfferLowerThanTheHighestVersionSeen() {
    server.offer(aRelease("3.0.0").build());
    assertThat(home.client().check().outcome()).isEqualTo(Outcome.AVAILABLE);

    server.offer(aRelease("2.5.0").build());
    var result = home.client().apply(false);

    assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(result.message()).contains("lower than version 3.0.0", "rollback attack");
    assertNothingInstalled();
    assertLastReportRefused(RefusalReason.ROLLBACK_PROTECTION, "2.5.0", "1.0.0");
  }

  @Test
  void shouldRefuseAnOfferNotNewerThanTheInstalledVersion() {
    assertThat(install("2.0.0").outcome()).isEqualTo(Outcome.INSTALLED);

    server.offer(aRelease("1.5.0").build());

    assertThat(home.client().apply(false).message())
        .contains("not newer than the installed version 2.0.0");
    assertLastReportRefused(RefusalReason.DOWNGRADE, "1.5.0", "2.0.0");
  }

  @Test
  void shouldRefuseAReleaseWhoseMinimumVersionIsNotInstalled() {
    server.offer(aRelease("3.0.0").minimumVersion("2.0.0").build());

    var result = home.client().apply(false);

    assertThat(result.message()).contains("requires at least version 2.0.0", "has 1.0.0");
    assertNothingInstalled();
    assertLastReportRefused(RefusalReason.MINIMUM_VERSION, "3.0.0", "1.0.0");
  }

  @Test
  void shouldRefuseASignedManifestWhoseVersionIsNotSemantic() {
    server.offer(aRelease("2.0").build());

    var result = home.client().apply(false);

    assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(result.message()).contains("'2.0' that is not a semantic version");
    // The report schema only takes versions; the refusal stays in the agent's log.
    assertThat(server.reports()).isEmpty();
  }

  @Test
  void shouldRefuseASignedManifestWithAComponentNameUnusableAsAFolder() {
    server.offer(aRelease("2.0.0").component("../backend", new byte[] {1}).build());

    var result = home.client().apply(false);

    assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(result.message()).contains("unusable as a directory name");
    assertLastReportRefused(RefusalReason.MALFORMED, "2.0.0", "1.0.0");
  }

  @Test
  void shouldRefuseAnOfferWhoseManifestIsMissing() {
    Release release = aRelease("2.0.0").build();
    server.offer(release);
    server.remove(FakeUpdateServer.manifestPath(release));

    var result = home.client().apply(false);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.REFUSED);
    assertThat(result.message()).contains("answered HTTP 404; refused");
    assertNothingInstalled();
    assertLastReportRefused(RefusalReason.MALFORMED, "2.0.0", "1.0.0");
  }

  @Test
  void shouldRefuseAnOfferWhoseSignatureIsMissing() {
    Release release = aRelease("2.0.0").build();
    server.offer(release);
    server.remove(FakeUpdateServer.manifestPath(release) + ".asc");

    var result = home.client().check();

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.REFUSED);
    assertLastReportRefused(RefusalReason.BAD_SIGNATURE, "2.0.0", "1.0.0");
  }

  @Test
  void shouldRefuseAManifestLargerThanTheLimit() {
    Release release = aRelease("2.0.0").build();
    server.offer(release);
    server.put(FakeUpdateServer.manifestPath(release), new byte[1024 * 1024 + 1]);

    var result = home.client().apply(false);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.REFUSED);
    assertThat(result.message()).contains("is larger than 1048576 bytes; refused");
    assertLastReportRefused(RefusalReason.MALFORMED, "2.0.0", "1.0.0");
  }

  @Test
  void shouldRefuseACheckAnswerLargerThanTheLimit() {
    server.answerChecks(new byte[64 * 1024 + 1]);

    var result = home.client().check();

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.REFUSED);
    assertThat(result.message()).contains("is larger than 65536 bytes; refused");
  }

  @Test
  void shouldRefuseAManifestChangedAfterItWasSigned() {
    Release signed = aRelease("2.0.0").build();
    byte[] changed =
        FakeUpdateServer.text(signed.manifestBytes())
            .replace("\"mandatory\":false", "\"mandatory\":true")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    server.offer(new Release(signed.manifest(), changed, signed.signature(), signed.artifacts()));

    var result = home.client().apply(false);

    assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(result.message()).contains("does not match the data");
    assertNothingInstalled();
    assertLastReportRefused(RefusalReason.BAD_SIGNATURE, "2.0.0", "1.0.0");
  }

  @Test
  void shouldRefuseATamperedArtifact() {
    Release release = aRelease("2.0.0").build();
    server.offer(release);
    String sha = release.artifacts().keySet().iterator().next();
    byte[] evil = zip(Map.of("app.txt", "backend 2.0.1\n", "bin/run.sh", "echo 2.0.0\n"));
    server.tamper(sha, java.util.Arrays.copyOf(evil, release.artifacts().get(sha).length));

    var result = home.client().apply(false);

    assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(result.message()).contains("but the signed manifest says " + sha);
    assertNothingInstalled();
    assertLastReportRefused(RefusalReason.BAD_HASH, "2.0.0", "1.0.0");
    assertThat(home.client().status().state()).isEqualTo("idle");
  }

  @Test
  void shouldRefuseAnArtifactLongerThanItsSignedSize() {
    Release release =
        aRelease("2.0.0")
            .component("backend", new byte[5000])
            .declaredSize("backend", 4000)
            .build();
    server.offer(release);

    var result = home.client().apply(false);

    assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(result.message()).contains("than its signed size 4000");
    assertNothingInstalled();
    assertLastReportRefused(RefusalReason.BAD_SIZE, "2.0.0", "1.0.0");
  }

  @Test
  void shouldRefuseZipEntriesThatEscapeTheVersionDirectory() {
    server.offer(
        aRelease("2.0.0").component("backend", zip(Map.of("../../escaped.txt", "owned"))).build());

    var result = home.client().apply(false);

    assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(result.message()).contains("would be written outside");
    assertThat(home.install().resolve("escaped.txt")).doesNotExist();
    assertThat(home.install().getParent().resolve("escaped.txt")).doesNotExist();
    assertNothingInstalled();
    StatusReport last = server.reports().get(server.reports().size() - 1);
    assertThat(last.rollbackReason()).isEqualTo(RollbackReason.INSTALL_ERROR);
    assertThat(last.fromVersion()).isEqualTo("2.0.0");
    assertThat(last.version()).isEqualTo("1.0.0");
  }

  @Test
  void shouldInstallASingleFileArtifactUnderTheComponentName() throws IOException {
    server.offer(aRelease("2.0.0").component("cli", "#!/bin/sh\necho hi\n".getBytes()).build());

    assertThat(home.client().apply(false).outcome()).isEqualTo(Outcome.INSTALLED);
    assertThat(home.read("current/cli/cli")).isEqualTo("#!/bin/sh\necho hi\n");
  }

  @Test
  void shouldWaitForTheMaintenanceWindowAndInstallOnceItOpens() throws IOException {
    Instant now = Instant.now().truncatedTo(ChronoUnit.DAYS);
    DayOfWeek inTwoDays = now.plus(2, ChronoUnit.DAYS).atZone(ZoneOffset.UTC).getDayOfWeek();
    home.set(
        "maintenanceWindow",
        Map.of(
            "enabled",
            true,
            "days",
            List.of(inTwoDays.name().toLowerCase()),
            "startTime",
            "02:00",
            "endTime",
            "06:00",
            "timezone",
            "UTC"));
    server.offer(aRelease("2.0.0").build());

    var closed =
        home.client(
                Clock.fixed(now.plus(1, ChronoUnit.DAYS).plus(Duration.ofHours(3)), ZoneOffset.UTC))
            .apply(false);

    assertThat(closed.outcome()).as(closed.message()).isEqualTo(Outcome.OUTSIDE_WINDOW);
    assertThat(closed.message())
        .contains("next opening " + now.plus(2, ChronoUnit.DAYS).plus(Duration.ofHours(2)));
    assertNothingInstalled();
    assertThat(home.client().status().state()).isEqualTo("waiting-for-window");

    var open =
        home.client(
                Clock.fixed(now.plus(2, ChronoUnit.DAYS).plus(Duration.ofHours(3)), ZoneOffset.UTC))
            .apply(false);

    assertThat(open.outcome()).as(open.message()).isEqualTo(Outcome.INSTALLED);
    assertThat(server.reports())
        .extracting(StatusReport::phase)
        .containsOnlyOnce(UpdatePhase.WAITING_FOR_WINDOW);
  }

  @Test
  void shouldInstallOutsideTheWindowWhenAskedTo() {
    home.set(
        "maintenanceWindow",
        Map.of(
            "enabled", true, "days", List.of("monday"), "startTime", "02:00", "endTime", "02:01"));
    server.offer(aRelease("2.0.0").build());
    Clock tuesday = Clock.fixed(upcoming(DayOfWeek.TUESDAY, 12), ZoneOffset.UTC);

    assertThat(home.client(tuesday).apply(false).outcome()).isEqualTo(Outcome.OUTSIDE_WINDOW);
    assertThat(home.client(tuesday).apply(true).outcome()).isEqualTo(Outcome.INSTALLED);
  }

  @Test
  void shouldInstallAMandatoryReleaseImmediatelyOnceItsDeadlineHasPassed() {
    home.set(
        "maintenanceWindow",
        Map.of(
            "enabled", true, "days", List.of("monday"), "startTime", "02:00", "endTime", "02:01"));
    Clock tuesday = Clock.fixed(upcoming(DayOfWeek.TUESDAY, 12), ZoneOffset.UTC);
    server.offer(
        aRelease("2.0.0").mandatory(tuesday.instant().minus(Duration.ofHours(12))).build());

    var result = home.client(tuesday).runOnce();

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.INSTALLED);
  }

  @Test
  void shouldOnlyDownloadInTheDaemonWithoutAutoInstall() {
    server.offer(aRelease("2.0.0").build());

    var result = home.client().runOnce();

    assertThat(result.outcome()).isEqualTo(Outcome.AVAILABLE);
    assertThat(result.message()).contains("downloaded and verified");
    assertNothingInstalled();
  }

  @Test
  void shouldQueueReportsWhileTheServerIsDownAndDeliverThemLater() {
    server.statusDown(true);

    assertThat(install("2.0.0").outcome()).isEqualTo(Outcome.INSTALLED);
    assertThat(server.reports()).isEmpty();
    int queued = home.client().status().queuedReports();
    assertThat(queued).isGreaterThanOrEqualTo(4);

    server.statusDown(false);
    server.offerNothing();
    assertThat(home.client().check().outcome()).isEqualTo(Outcome.UP_TO_DATE);

    assertThat(server.reports()).hasSize(queued);
    assertThat(server.reports().get(queued - 1).status()).isEqualTo(UpdateStatus.COMPLETED);
    assertThat(home.client().status().queuedReports()).isZero();
  }

  @Test
  void shouldAskWithTheEtagAndUseTheRememberedAnswerOn304() {
    server.offer(aRelease("2.0.0").build());
    assertThat(home.client().check().outcome()).isEqualTo(Outcome.AVAILABLE);

    var again = home.client().check();

    assertThat(server.notModifiedAnswers()).isEqualTo(1);
    assertThat(again.outcome()).isEqualTo(Outcome.AVAILABLE);
    assertThat(again.version()).isEqualTo("2.0.0");
  }

  @Test
  void shouldReachTheServerThroughTheConfiguredProxy() {
    // The fake server answers proxy-style requests (absolute URIs) by path, like a forwarding
    // proxy.
    home.set("serverUrl", "http://updates.example.invalid:8080")
        .set("http", Map.of("proxy", server.url()));
    server.offer(aRelease("2.0.0").build());

    var result = home.client().apply(false);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.INSTALLED);
    assertThat(server.reports()).isNotEmpty();
  }

  @Test
  void shouldReportRetryAfterWhenTheServerIsBusy() {
    server.checkStatus(503);

    var result = home.client().check();

    assertThat(result.outcome()).isEqualTo(Outcome.UNREACHABLE);
    assertThat(result.retryAfter()).contains(Duration.ofSeconds(120));
  }

  @Test
  void shouldKeepOnlyKeepVersionsAndNeverTheRunningOneRemoved() throws IOException {
    home.set("rollback", Map.of("keepVersions", 2));
    for (String version : List.of("2.0.0", "3.0.0", "4.0.0", "5.0.0")) {
      assertThat(install(version).outcome()).isEqualTo(Outcome.INSTALLED);
    }

    try (Stream<Path> versions = Files.list(home.install().resolve("versions"))) {
      assertThat(versions.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("5.0.0", "4.0.0");
    }
    assertThat(home.read("current/backend/app.txt")).isEqualTo("backend 5.0.0\n");
  }

  @Test
  void shouldRollBackOnRequestToThePreviousVersionAndReportIt() throws IOException {
    Files.writeString(home.data().resolve("db.txt"), "schema 2\n");
    assertThat(install("2.0.0").outcome()).isEqualTo(Outcome.INSTALLED);
    Files.writeString(home.data().resolve("db.txt"), "schema 2 data\n");
    assertThat(install("3.0.0").outcome()).isEqualTo(Outcome.INSTALLED);
    Files.writeString(home.data().resolve("db.txt"), "schema 3\n");

    var result = home.client().rollback(Optional.empty());

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(home.read("current/backend/app.txt")).isEqualTo("backend 2.0.0\n");
    assertThat(Files.readString(home.data().resolve("db.txt"))).isEqualTo("schema 2 data\n");
    assertThat(server.reports().get(server.reports().size() - 1).status())
        .isEqualTo(UpdateStatus.ROLLED_BACK);
  }

  @Test
  void shouldRefuseToRollBackToAVersionThatIsNotKept() {
    assertThat(install("2.0.0").outcome()).isEqualTo(Outcome.INSTALLED);

    var result = home.client().rollback(Optional.of("0.9.0"));

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.message()).contains("version 0.9.0 is not kept");
  }

  @Test
  void shouldFailToBuildWithAMessageNamingTheBadField() {
    home.set("checkInterval", 0);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> home.client())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'checkInterval'");
  }

  /** A time after now (signatures are dated now, so the agent's clock must not be earlier). */
  private static Instant upcoming(DayOfWeek day, int hour) {
    Instant date = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
    while (date.atZone(ZoneOffset.UTC).getDayOfWeek() != day) {
      date = date.plus(1, ChronoUnit.DAYS);
    }
    return date.plus(Duration.ofHours(hour));
  }

  /** A refusal is reported as such, with its code, and never as a failed attempt. */
  private void assertLastReportRefused(RefusalReason reason, String offered, String running) {
    List<StatusReport> reports = server.reports();
    assertThat(reports).extracting(StatusReport::status).doesNotContain(UpdateStatus.FAILED);
    assertThat(reports)
        .last()
        .satisfies(
            report -> {
              assertThat(report.status()).isEqualTo(UpdateStatus.REFUSED);
              assertThat(report.refusal()).isEqualTo(reason);
              assertThat(report.version()).isEqualTo(offered);
              assertThat(report.fromVersion()).isEqualTo(running);
              assertThat(report.details().errors()).singleElement().asString().contains("refused");
            });
  }

  private void assertNothingInstalled() {
    assertThat(home.install().resolve("current")).doesNotExist();
  }

  private static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> hashes = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        hashes.put(
            root.relativize(file).toString(), FakeUpdateServer.sha256(Files.readAllBytes(file)));
      }
    }
    return hashes;
  }
}
