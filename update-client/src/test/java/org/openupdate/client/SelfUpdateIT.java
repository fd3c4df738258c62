package org.openupdate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.client.testing.Release.aRelease;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.client.testing.AgentHome;
import org.openupdate.client.testing.FakeUpdateServer;
import org.openupdate.client.testing.NeverConfirms;
import org.openupdate.client.testing.TestKeys;
import org.openupdate.manifest.RefusalReason;
import org.openupdate.manifest.RollbackReason;
import org.openupdate.manifest.StatusReport;
import org.openupdate.manifest.UpdateStatus;

/**
 * The agent updating itself with real processes: deploy/systemd/update-client-launcher.sh runs the
 * packaged jar from a launcher folder, and this test restarts the launcher whenever it exits, as
 * systemd's {@code Restart=always} does.
 */
class SelfUpdateIT {
  private static final Path JAR =
      Path.of(System.getProperty("client.jar", "target/update-client.jar")).toAbsolutePath();
  private static final Path LAUNCHER =
      Path.of("../deploy/systemd/update-client-launcher.sh").toAbsolutePath();

  @TempDir Path dir;
  private FakeUpdateServer server;
  private AgentHome home;
  private Path agentDir;
  private final List<Process> started = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = new FakeUpdateServer();
    home = new AgentHome(dir.resolve("machine"), server.url());
    agentDir = dir.resolve("agent");
    Files.createDirectories(agentDir.resolve("versions/0.1.0"));
    Files.copy(JAR, agentDir.resolve("versions/0.1.0/update-client.jar"));
    Files.createSymbolicLink(agentDir.resolve("current"), Path.of("versions/0.1.0"));
    home.set("selfUpdate", Map.of("dir", agentDir.toString(), "confirmTimeout", 5));
  }

  @AfterEach
  void stop() {
    for (Process process : started) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    server.close();
    assertThat(home.state().resolve("reports/rejected")).doesNotExist();
  }

  @Test
  void shouldUpdateItselfAndKeepTheNewAgentOnceItConfirms() throws Exception {
    server.offer("update-client", agentRelease("0.2.0", Files.readAllBytes(JAR)));

    Process old = launcher();
    assertThat(old.waitFor(120, TimeUnit.SECONDS)).as(log()).isTrue();
    assertThat(Files.readSymbolicLink(agentDir.resolve("current")))
        .isEqualTo(Path.of("versions/0.2.0"));
    assertThat(Files.readString(agentDir.resolve("pending")))
        .contains("previous=0.1.0", "version=0.2.0", "timeout=5");

    Process next = launcher();
    await(() -> agentReport(UpdateStatus.COMPLETED) != null);
    await(() -> !Files.exists(agentDir.resolve("pending")));

    assertThat(next.isAlive()).as(log()).isTrue();
    assertThat(Files.readSymbolicLink(agentDir.resolve("current")))
        .isEqualTo(Path.of("versions/0.2.0"));
    assertThat(agentDir.resolve("confirmed")).doesNotExist();
    StatusReport completed = agentReport(UpdateStatus.COMPLETED);
    assertThat(completed.version()).isEqualTo("0.2.0");
    assertThat(completed.fromVersion()).isEqualTo("0.1.0");
    assertThat(completed.clientId()).isEqualTo(home.client().status().clientId());
  }

  @Test
  void shouldReturnToThePreviousJarWhenTheNewAgentNeverConfirms() throws Exception {
    server.offer("update-client", agentRelease("0.2.0", neverConfirmingJar()));

    Process old = launcher();
    assertThat(old.waitFor(120, TimeUnit.SECONDS)).as(log()).isTrue();
    Process next = launcher();
    await(() -> agentReport(UpdateStatus.ROLLED_BACK) != null);

    StatusReport rolledBack = agentReport(UpdateStatus.ROLLED_BACK);
    assertThat(rolledBack.version()).isEqualTo("0.1.0");
    assertThat(rolledBack.fromVersion()).isEqualTo("0.2.0");
    assertThat(rolledBack.rollbackReason()).isEqualTo(RollbackReason.HEALTH_CHECK);
    assertThat(rolledBack.details().errors())
        .anyMatch(e -> e.contains("0.2.0 did not confirm itself within 5 s"));
    assertThat(Files.readSymbolicLink(agentDir.resolve("current")))
        .isEqualTo(Path.of("versions/0.1.0"));
    assertThat(agentDir.resolve("pending")).doesNotExist();
    await(() -> !Files.exists(agentDir.resolve("failed")));
    // The old agent runs on and does not try the version that failed again.
    assertThat(next.isAlive()).as(log()).isTrue();
    assertThat(log()).contains("did not confirm itself within 5 s; going back to 0.1.0");
    assertThat(server.reports())
        .filteredOn(r -> "update-client".equals(r.product()))
        .filteredOn(r -> r.status() == UpdateStatus.IN_PROGRESS)
        .hasSize(1);
  }

  @Test
  void shouldRefuseATamperedAgentJar() throws Exception {
    byte[] jar = Files.readAllBytes(JAR);
    server.offer("update-client", agentRelease("0.2.0", jar));
    // A compromised mirror: the same size, one byte changed.
    byte[] tampered = jar.clone();
    tampered[tampered.length / 2] ^= 1;
    server.tamper(FakeUpdateServer.sha256(jar), tampered);

    Process agent = launcher();
    await(() -> agentReport(UpdateStatus.REFUSED) != null);

    StatusReport refused = agentReport(UpdateStatus.REFUSED);
    assertThat(refused.version()).isEqualTo("0.2.0");
    assertThat(refused.refusal()).isEqualTo(RefusalReason.BAD_HASH);
    assertRefusedAndUnchanged(agent);
  }

  @Test
  void shouldRefuseAnAgentReleaseSignedByAnUnpinnedKey() throws Exception {
    server.offer(
        "update-client",
        aRelease("0.2.0")
            .product("update-client")
            .component("agent", Files.readAllBytes(JAR))
            .signedBy(TestKeys.attacker())
            .build());

    Process agent = launcher();
    await(() -> agentReport(UpdateStatus.REFUSED) != null);

    StatusReport refused = agentReport(UpdateStatus.REFUSED);
    assertThat(refused.version()).isEqualTo("0.2.0");
    assertThat(refused.refusal()).isEqualTo(RefusalReason.UNPINNED_KEY);
    assertRefusedAndUnchanged(agent);
  }

  /** The old agent runs on from the jar it had, with nothing staged for the launcher. */
  private void assertRefusedAndUnchanged(Process agent) throws IOException {
    assertThat(agent.isAlive()).as(log()).isTrue();
    assertThat(Files.readSymbolicLink(agentDir.resolve("current")))
        .isEqualTo(Path.of("versions/0.1.0"));
    assertThat(agentDir.resolve("pending")).doesNotExist();
    assertThat(agentDir.resolve("versions/0.2.0")).doesNotExist();
    assertThat(log()).contains("self-update", "0.2.0");
    assertThat(server.reports())
        .filteredOn(r -> "update-client".equals(r.product()))
        .extracting(StatusReport::status)
        .doesNotContain(UpdateStatus.IN_PROGRESS, UpdateStatus.COMPLETED);
  }

  private org.openupdate.client.testing.Release agentRelease(String version, byte[] jar) {
    return aRelease(version).product("update-client").component("agent", jar).build();
  }

  private StatusReport agentReport(UpdateStatus status) {
    return server.reports().stream()
        .filter(r -> "update-client".equals(r.product()) && r.status() == status)
        .findFirst()
        .orElse(null);
  }

  /** A jar whose main class starts and never completes a check. */
  private byte[] neverConfirmingJar() throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, NeverConfirms.class.getName());
    String entry = NeverConfirms.class.getName().replace('.', '/') + ".class";
    Path jar = dir.resolve("never-confirms.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      out.putNextEntry(new JarEntry(entry));
      out.write(NeverConfirms.class.getResourceAsStream("/" + entry).readAllBytes());
      out.closeEntry();
    }
    return Files.readAllBytes(jar);
  }

  /** One start of the launcher, as systemd's ExecStart would; output appended to launcher.log. */
  private Process launcher() throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder("sh", LAUNCHER.toString(), "run", "-c", home.writeConfig().toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("launcher.log").toFile()));
    builder.environment().put("UPDATE_CLIENT_HOME", agentDir.toString());
    builder
        .environment()
        .put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    builder.environment().put("JAVA_TOOL_OPTIONS", "-Xmx64m");
    Process process = builder.start();
    started.add(process);
    return process;
  }

  private String log() throws IOException {
    Path log = dir.resolve("launcher.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  private void await(BooleanSupplier condition) throws Exception {
    for (int i = 0; i < 1200 && !condition.getAsBoolean(); i++) {
      Thread.sleep(100);
    }
    assertThat(condition.getAsBoolean()).as(log()).isTrue();
  }
}
