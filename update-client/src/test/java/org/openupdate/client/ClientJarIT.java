package org.openupdate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.client.testing.Release.aRelease;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.client.testing.AgentHome;
import org.openupdate.client.testing.FakeUpdateServer;
import org.openupdate.client.testing.Release;
import org.openupdate.manifest.RefusalReason;
import org.openupdate.manifest.RollbackReason;
import org.openupdate.manifest.StatusReport;
import org.openupdate.manifest.UpdateStatus;

/** Runs the packaged jar as real processes: what ships is what is tested. */
class ClientJarIT {
  private static final Path JAR =
      Path.of(System.getProperty("client.jar", "target/update-client.jar"));
  private static final long SIX_MEGABYTES = 6_000_000;

  @TempDir Path dir;
  private FakeUpdateServer server;
  private AgentHome home;
  private final List<Process> started = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = new FakeUpdateServer();
    home = new AgentHome(dir, server.url());
  }

  @AfterEach
  void stop() {
    for (Process process : started) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    server.close();
  }

  @Test
  void shouldShipOneJarOfAtMostSixMegabytes() throws IOException {
    assertThat(JAR).isRegularFile();
    assertThat(Files.size(JAR)).isLessThanOrEqualTo(SIX_MEGABYTES);
  }

  @Test
  void shouldPrintConfigurationErrorsNamingTheField() throws Exception {
    home.set("maintenanceWindow", Map.of("timezone", "Nowhere/Land"));
    Process process = agent("status");
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(3);
    assertThat(stderr("status")).contains("'maintenanceWindow.timezone'", "Nowhere/Land");
  }

  @Test
  void shouldExitThreeSayingTheConfigurationFileIsEmpty() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.json"), "");

    Process process = run(List.of("check", "-c", empty.toString()), "check");

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(3);
    assertThat(stderr("check")).contains("configuration file " + empty + " is empty");
  }

  @Test
  void shouldExitNineNamingTheFieldWhenTheServerDoesNotKnowTheProduct() throws Exception {
    server.checkProblem(404, "not-found", "unknown product 'cm-diagnostics'", "X-Product");

    Process check = agent("check");
    assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Process status = agent("status");
    assertThat(status.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(check.exitValue()).as(stderr("check")).isEqualTo(9);
    assertThat(stderr("check"))
        .contains(
            "misconfigured: the server does not know product 'cm-diagnostics'",
            "check configuration field 'product'");
    assertThat(stdout("status")).contains("state:           misconfigured (the server does not");
  }

  @Test
  void shouldBackOffAtLeastHalfAnHourWhenMisconfiguredAndSayUntilWhenInStatus() throws Exception {
    server.checkProblem(404, "not-found", "unknown product 'cm-diagnostics'", "X-Product");

    Process daemon = agent("run");
    Path nextCheck = home.state().resolve("next-check.json");
    awaitFile(nextCheck);
    daemon.destroy();
    assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Process status = agent("status");
    assertThat(status.waitFor(60, TimeUnit.SECONDS)).isTrue();

    Matcher wait =
        Pattern.compile("next check in (\\d+) s \\(backing off: misconfigured\\)")
            .matcher(stderr("run"));
    assertThat(wait.find()).as(stderr("run")).isTrue();
    assertThat(Long.parseLong(wait.group(1))).isGreaterThanOrEqualTo(1800);
    assertThat(stdout("status"))
        .containsPattern("next check: +\\S+Z \\(backing off: misconfigured\\)\\n");
  }

  @Test
  void shouldExitFourWhenTheOfferedManifestIsMissing() throws Exception {
    Release release = aRelease("2.0.0").build();
    server.offer(release);
    server.remove(FakeUpdateServer.manifestPath(release));

    assertThat(finish(agent("apply", "--ignore-window"))).as(stderr("apply")).isEqualTo(4);
    assertThat(stderr("apply")).contains("refused: ", "answered HTTP 404; refused");
  }

  @Test
  void shouldLetOnlyOneOfTwoAgentsApplyAtOnce() throws Exception {
    Path marker = dir.resolve("hook-running");
    home.script("slow.sh", "touch \"" + marker + "\"\nsleep 4");
    home.set("hooks", Map.of("preInstall", dir.resolve("slow.sh").toString()));
    server.offer(aRelease("2.0.0").build());

    Process first = agent("apply", "--ignore-window");
    awaitFile(marker);
    Process second = agent("apply", "--ignore-window");

    assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(second.exitValue()).isEqualTo(5);
    assertThat(stderr("apply", 1)).contains("another update is in progress");
    assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).as(stderr("apply", 0)).isZero();
    assertThat(Files.readString(home.install().resolve("current/backend/app.txt")))
        .isEqualTo("backend 2.0.0\n");
  }

  @Test
  void shouldRollBackAndTakeTheMaintenanceFileDownOnRestartAfterBeingKilledDuringApply()
      throws Exception {
    Path marker = dir.resolve("switched");
    home.script(
        "post.sh",
        "if [ \"$UPDATE_PHASE\" = install ] && [ \"$UPDATE_TO_VERSION\" = 3.0.0 ]; then touch \""
            + marker
            + "\"; sleep 60; fi\n"
            + "echo \"$UPDATE_PHASE $UPDATE_FROM_VERSION -> $UPDATE_TO_VERSION\" >> \""
            + dir.resolve("hook-calls.txt")
            + "\"");
    home.set("hooks", Map.of("postInstall", dir.resolve("post.sh").toString()));
    home.set("maintenance", Map.of("file", "maintenance.json"));
    Path maintenance = dir.resolve("maintenance.json");
    server.offer(aRelease("2.0.0").build());
    Process install = agent("apply", "--ignore-window");
    assertThat(install.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(install.exitValue()).as(stderr("apply", 0)).isZero();

    server.offer(aRelease("3.0.0").build());
    Process doomed = agent("apply", "--ignore-window");
    awaitFile(marker);
    // The switch happened; the agent dies before it knows whether 3.0.0 works.
    assertThat(Files.readSymbolicLink(home.install().resolve("current")))
        .isEqualTo(Path.of("versions/3.0.0"));
    List<ProcessHandle> hook = doomed.descendants().toList();
    doomed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    hook.forEach(ProcessHandle::destroyForcibly);
    assertThat(Files.readString(home.state().resolve("state.json"))).contains("\"applying\"");
    assertThat(Files.readString(maintenance)).contains("\"from\":\"2.0.0\"", "\"to\":\"3.0.0\"");

    server.offerNothing();
    Process restart = agent("check");
    assertThat(restart.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(Files.readSymbolicLink(home.install().resolve("current")))
        .isEqualTo(Path.of("versions/2.0.0"));
    assertThat(Files.readString(home.install().resolve("current/backend/app.txt")))
        .isEqualTo("backend 2.0.0\n");
    assertThat(Files.readString(dir.resolve("hook-calls.txt"))).contains("rollback 3.0.0 -> 2.0.0");
    assertThat(maintenance).doesNotExist();
    StatusReport last = server.reports().get(server.reports().size() - 1);
    assertThat(last.status()).isEqualTo(UpdateStatus.ROLLED_BACK);
    assertThat(last.rollbackReason()).isEqualTo(RollbackReason.INSTALL_ERROR);
    assertThat(last.version()).isEqualTo("2.0.0");
    assertThat(last.fromVersion()).isEqualTo("3.0.0");
    assertThat(last.details().errors()).anyMatch(e -> e.contains("agent stopped during applying"));
    Process status = agent("status");
    assertThat(status.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(stdout("status")).contains("current version: 2.0.0", "queued reports:  0");
  }

  @Test
  void shouldResumeADownloadAfterTheAgentWasKilledHalfway() throws Exception {
    byte[] payload = new byte[2 * 1024 * 1024];
    new java.util.Random(7).nextBytes(payload);
    Release release = aRelease("2.0.0").component("payload", payload).build();
    String sha = release.artifacts().keySet().iterator().next();
    server.offer(release);
    server.serve(sha, FakeUpdateServer.Mode.STALL_AFTER_HALF);

    Process doomed = agent("apply", "--ignore-window");
    Path part = home.state().resolve("downloads").resolve(sha + ".part");
    for (int i = 0;
        i < 600 && !(Files.exists(part) && Files.size(part) == payload.length / 2);
        i++) {
      Thread.sleep(100);
    }
    assertThat(Files.size(part)).isEqualTo(payload.length / 2);
    doomed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

    server.serve(sha, FakeUpdateServer.Mode.NORMAL);
    Process again = agent("apply", "--ignore-window");
    assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(again.exitValue()).as(stderr("apply", 1)).isZero();
    // The resume asks again for 4 KiB before the held end, to see that they are the same file.
    assertThat(server.rangeRequests())
        .containsExactly("bytes=" + (payload.length / 2 - 4096) + "-");
    assertThat(Files.readAllBytes(home.install().resolve("current/payload/payload")))
        .isEqualTo(payload);
  }

  @Test
  void shouldInstallFromTheDaemonLoopWithAutoInstall() throws Exception {
    home.set("autoInstall", true).set("checkInterval", 1);
    server.offer(aRelease("2.0.0").build());

    Process daemon = agent("run");
    Path current = home.install().resolve("current/backend/app.txt");
    for (int i = 0;
        i < 600 && server.reports().stream().noneMatch(r -> r.status() == UpdateStatus.COMPLETED);
        i++) {
      Thread.sleep(100);
    }

    assertThat(daemon.isAlive()).isTrue();
    assertThat(Files.readString(current)).isEqualTo("backend 2.0.0\n");
    daemon.destroy();
    assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(stderr("run")).contains("INSTALLED 2.0.0", "next check in");
  }

  @Test
  void shouldKeepAManualRollbackThroughTheNextDaemonCycleUntilUnskipped() throws Exception {
    home.set("autoInstall", true);
    List<String> versions = List.of("2.0.0", "3.0.0");
    for (int i = 0; i < versions.size(); i++) {
      server.offer(aRelease(versions.get(i)).build());
      assertThat(finish(agent("apply", "--ignore-window"))).as(stderr("apply", i)).isZero();
    }
    assertThat(finish(agent("rollback"))).isZero();

    assertThat(finish(agent("run", "--once"))).isZero();

    assertThat(stdout("run")).contains("skipped: 3.0.0 is offered but skipped on this machine");
    assertThat(Files.readString(home.install().resolve("current/backend/app.txt")))
        .isEqualTo("backend 2.0.0\n");
    assertThat(finish(agent("status"))).isZero();
    assertThat(stdout("status"))
        .contains("current version: 2.0.0", "skipped:         3.0.0 (rolled back by hand to 2.0.0");

    assertThat(finish(agent("unskip", "3.0.0"))).isZero();
    assertThat(finish(agent("run", "--once"))).as(stderr("run", 1)).isZero();
    assertThat(Files.readString(home.install().resolve("current/backend/app.txt")))
        .isEqualTo("backend 3.0.0\n");
  }

  @Test
  void shouldFollowARecallFromTheDaemonAndRefuseAReplayAfterARestart() throws Exception {
    home.set("autoInstall", true);
    List<Release> releases =
        List.of(aRelease("1.1.0").sequence(1).build(), aRelease("1.2.0").sequence(2).build());
    for (int i = 0; i < releases.size(); i++) {
      server.offer(releases.get(i));
      assertThat(finish(agent("apply", "--ignore-window"))).as(stderr("apply", i)).isZero();
    }
    server.offer(aRelease("1.1.0").recallOf("1.2.0").sequence(3).build());

    assertThat(finish(agent("run", "--once"))).as(stderr("run", 0)).isZero();

    assertThat(Files.readString(home.install().resolve("current/backend/app.txt")))
        .isEqualTo("backend 1.1.0\n");
    StatusReport recalled = server.reports().get(server.reports().size() - 1);
    assertThat(recalled.status()).isEqualTo(UpdateStatus.RECALLED);
    assertThat(recalled.fromVersion()).isEqualTo("1.2.0");

    server.offer(releases.get(1));
    assertThat(finish(agent("run", "--once"))).isEqualTo(4);

    assertThat(stderr("run", 1)).contains("refused: ", "has sequence 2, below 3");
    StatusReport refused = server.reports().get(server.reports().size() - 1);
    assertThat(refused.status()).isEqualTo(UpdateStatus.REFUSED);
    assertThat(refused.refusal()).isEqualTo(RefusalReason.SEQUENCE_REPLAY);
    assertThat(Files.readString(home.install().resolve("current/backend/app.txt")))
        .isEqualTo("backend 1.1.0\n");
  }

  @Test
  void shouldSendItsOwnVersionSoThatTheFleetViewShowsIt() throws Exception {
    String version;
    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(JAR.toFile())) {
      version = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
    }

    assertThat(finish(agent("check"))).as(stderr("check")).isZero();

    assertThat(version).isNotBlank();
    assertThat(server.lastCheckHeaders()).containsEntry("x-agent-version", version);
  }

  @Test
  void shouldVerifyAndSignOffline() throws Exception {
    Path manifest =
        Files.writeString(dir.resolve("manifest.json"), "{\"product\":\"cm-diagnostics\"}");
    Files.write(
        dir.resolve("vendor.sec.asc"),
        getClass().getResourceAsStream("/keys/vendor-ed25519.sec.asc").readAllBytes());

    Process sign =
        run(
            List.of("sign", manifest.toString(), "--key", dir.resolve("vendor.sec.asc").toString()),
            "sign");
    assertThat(sign.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(sign.exitValue()).as(stderr("sign")).isZero();

    Process verify =
        run(
            List.of(
                "verify",
                manifest.toString(),
                manifest + ".asc",
                "--key",
                dir.resolve("vendor.pub.asc").toString(),
                "--fingerprint",
                org.openupdate.client.testing.TestKeys.VENDOR_FINGERPRINT),
            "verify");
    assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(verify.exitValue()).isZero();
    assertThat(stdout("verify"))
        .contains("valid", org.openupdate.client.testing.TestKeys.VENDOR_FINGERPRINT);

    Files.writeString(manifest, "{\"product\":\"cm-diagnostics\",\"evil\":true}");
    Process tampered =
        run(
            List.of(
                "verify",
                manifest.toString(),
                manifest + ".asc",
                "--key",
                dir.resolve("vendor.pub.asc").toString(),
                "--fingerprint",
                org.openupdate.client.testing.TestKeys.VENDOR_FINGERPRINT),
            "verify-tampered");
    assertThat(tampered.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(tampered.exitValue()).isEqualTo(4);
  }

  private Process agent(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(args));
    command.add("-c");
    command.add(home.writeConfig().toString());
    return run(command, args[0] + "-" + countOf(args[0]));
  }

  private final Map<String, Integer> counts = new java.util.HashMap<>();

  private int countOf(String name) {
    return counts.merge(name, 1, Integer::sum) - 1;
  }

  private Process run(List<String> args, String name) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-jar",
                JAR.toAbsolutePath().toString()));
    command.addAll(args);
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(dir.resolve(name + ".out").toFile())
            .redirectError(dir.resolve(name + ".err").toFile())
            .start();
    started.add(process);
    return process;
  }

  private String stdout(String name) throws IOException {
    return Files.readString(dir.resolve(suffix(name) + ".out"));
  }

  private String stderr(String name) throws IOException {
    return Files.readString(dir.resolve(suffix(name) + ".err"));
  }

  private String stderr(String name, int index) throws IOException {
    return Files.readString(dir.resolve(name + "-" + index + ".err"));
  }

  private String suffix(String name) {
    return Files.exists(dir.resolve(name + ".out")) || Files.exists(dir.resolve(name + ".err"))
        ? name
        : name + "-0";
  }

  private static int finish(Process process) throws InterruptedException {
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }

  private static void awaitFile(Path file) throws InterruptedException {
    for (int i = 0; i < 600 && !Files.exists(file); i++) {
      Thread.sleep(100);
    }
    assertThat(file).exists();
  }
}
