package org.openupdate.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.client.testing.Release.aRelease;

import java.io.IOException;
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
import org.openupdate.manifest.UpdateStatus;

/**
 * An agent in a simulated container (a fake root with {@code /.dockerenv}): it checks and reports
 * what runs and what is offered, and installs nothing unless configured to.
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
}
