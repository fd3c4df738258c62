package org.openupdate.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.client.testing.Release.aRelease;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.client.UpdateClient.Outcome;
import org.openupdate.client.UpdateClient.Result;
import org.openupdate.client.internal.config.ConfigLoader;
import org.openupdate.client.internal.platform.PlatformDetector;
import org.openupdate.client.testing.AgentHome;
import org.openupdate.client.testing.FakeUpdateServer;
import org.openupdate.client.testing.Release;
import org.openupdate.manifest.UpdateStatus;

/**
 * An agent in a simulated container (a fake root with {@code /.dockerenv}): it checks and reports
 * what runs and what is offered, and installs nothing unless configured to: neither the application
 * nor the agent's own jar.
 */
class ReportOnlyTest {
  @TempDir Path dir;
  private FakeUpdateServer server;
  private AgentHome home;
  private Path fakeRoot;

  @BeforeEach
  void start() throws IOException {
    server = new FakeUpdateServer();
    home = new AgentHome(dir.resolve("machine"), server.url()).set("platform", null);
    fakeRoot = Files.createDirectories(dir.resolve("root"));
    Files.createFile(fakeRoot.resolve(".dockerenv"));
    server.offer(aRelease("2.0.0").build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Agent agent() {
    return new Agent(
        ConfigLoader.load(home.writeConfig()),
        Clock.systemUTC(),
        home.log()::add,
        false,
        new PlatformDetector(fakeRoot, Map.of(), home.install()));
  }

  @Test
  void shouldOnlyReportInAContainerByDefault() {
    Agent agent = agent();

    Result result = agent.apply(true);

    assertThat(result.outcome()).isEqualTo(Outcome.AVAILABLE);
    assertThat(result.message())
        .contains("report-only on this container machine: 2.0.0 is offered, 1.0.0 runs");
    assertThat(home.install().resolve("current")).doesNotExist();
    assertThat(home.state().resolve("downloads")).doesNotExist();
    assertThat(server.lastCheckHeaders())
        .containsEntry("x-platform", "container")
        .containsEntry("x-current-version", "1.0.0");
    assertThat(server.reports())
        .extracting(r -> r.status())
        .doesNotContain(UpdateStatus.IN_PROGRESS, UpdateStatus.COMPLETED);
    assertThat(agent.status().platform()).isEqualTo("container");
    assertThat(agent.status().reportOnly()).isTrue();
  }

  @Test
  void shouldInstallInAContainerWhenConfiguredTo() {
    home.set("reportOnly", false);

    Result result = agent().apply(true);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.INSTALLED);
    assertThat(home.current()).isEqualTo("2.0.0");
  }

  @Test
  void shouldNotUpdateItselfInAContainerByDefault() throws IOException {
    Path agentDir = dir.resolve("agent");
    Files.createDirectories(agentDir.resolve("versions/0.1.0"));
    Files.writeString(agentDir.resolve("versions/0.1.0/update-client.jar"), "agent 0.1.0");
    Files.createSymbolicLink(agentDir.resolve("current"), Path.of("versions/0.1.0"));
    home.set("selfUpdate", Map.of("dir", agentDir.toString(), "confirmTimeout", 5));
    Release self =
        aRelease("0.2.0")
            .product("update-client")
            .component("agent", "agent 0.2.0".getBytes(StandardCharsets.UTF_8))
            .build();
    server.offer("update-client", self);

    boolean staged = agent().stagedNewAgent();

    assertThat(staged).isFalse();
    assertThat(home.log())
        .anyMatch(
            line ->
                line.contains(
                    "report-only on this container machine: update-client 0.2.0 is offered,"
                        + " 0.1.0 runs; nothing is downloaded or installed"));
    assertThat(server.lastCheckHeaders())
        .containsEntry("x-product", "update-client")
        .containsEntry("x-current-version", "0.1.0");
    assertThat(server.requested())
        .noneMatch(
            path -> path.startsWith("/api/v1/releases/") || path.startsWith("/api/v1/artifacts/"));
    assertThat(Files.readSymbolicLink(agentDir.resolve("current")))
        .isEqualTo(Path.of("versions/0.1.0"));
    assertThat(agentDir.resolve("pending")).doesNotExist();
    assertThat(agentDir.resolve("versions/0.2.0")).doesNotExist();
  }
}
