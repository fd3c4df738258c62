package org.openupdate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.client.testing.Release.aRelease;

import java.io.IOException;
import java.nio.file.Path;
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
import org.openupdate.manifest.StatusReport;
import org.openupdate.manifest.UpdateStatus;

/**
 * Which releases, and which parts of them, a machine takes: compatibility with what it is, and
 * optional components. The agent in-process against a real HTTP server, real files.
 */
class ReleaseFitTest {
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
  void shouldRefuseAnIncompatibleReleaseNamingTheEntry() {
    home.set("compatibility", Map.of("database", "PostgreSQL 15"));
    server.offer(
        aRelease("2.0.0")
            .compatibility("os", "linux")
            .compatibility("database", "PostgreSQL 16+", "17")
            .build());

    var result = home.client().apply(false);

    assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(result.message())
        .contains(
            "is not for this machine",
            "'database' needs one of [PostgreSQL 16+, 17]",
            "'PostgreSQL 15'");
    assertThat(home.install().resolve("current")).doesNotExist();
    StatusReport last = server.reports().get(server.reports().size() - 1);
    assertThat(last.status()).isEqualTo(UpdateStatus.REFUSED);
    assertThat(last.refusal()).isEqualTo(RefusalReason.INCOMPATIBLE);
    assertThat(last.version()).isEqualTo("2.0.0");
    assertThat(last.details().errors()).singleElement().asString().contains("'database'");
  }

  @Test
  void shouldInstallACompatibleRelease() {
    home.set("compatibility", Map.of("database", "PostgreSQL 15.4"));
    server.offer(
        aRelease("2.0.0")
            .compatibility("database", "PostgreSQL 14+")
            .compatibility("platform", "bare-metal", "vm")
            .build());

    var result = home.client().apply(false);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.INSTALLED);
  }

  @Test
  void shouldInstallTheRestWhenAnOptionalComponentFailsAndReportIt() {
    Release release =
        aRelease("2.0.0")
            .component("backend", Release.zip(Map.of("app.txt", "backend 2.0.0\n")))
            .optionalComponent("docs", Release.zip(Map.of("index.html", "<h1>docs</h1>")))
            .build();
    server.offer(release);
    server.tamper(release.manifest().components().get("docs").sha256(), new byte[] {1, 2, 3});

    var result = home.client().apply(false);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.INSTALLED);
    assertThat(result.message()).contains("optional component 'docs' skipped");
    assertThat(home.read("current/backend/app.txt")).isEqualTo("backend 2.0.0\n");
    assertThat(home.install().resolve("current/docs")).doesNotExist();
    StatusReport last = server.reports().get(server.reports().size() - 1);
    assertThat(last.status()).isEqualTo(UpdateStatus.COMPLETED);
    assertThat(last.details().errors())
        .singleElement()
        .asString()
        .contains("optional component 'docs' skipped");
  }

  @Test
  void shouldFailTheUpdateWhenARequiredComponentFails() {
    Release release =
        aRelease("2.0.0")
            .component("backend", Release.zip(Map.of("app.txt", "backend 2.0.0\n")))
            .optionalComponent("docs", Release.zip(Map.of("index.html", "<h1>docs</h1>")))
            .build();
    server.offer(release);
    server.tamper(release.manifest().components().get("backend").sha256(), new byte[] {1, 2, 3});

    var result = home.client().apply(false);

    // Another file under the artifact's address (its ETag names another SHA-256): refused
    // before a byte is kept, and a required component's refusal ends the whole update.
    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.REFUSED);
    assertThat(result.message()).doesNotContain("skipped");
    assertThat(home.install().resolve("current")).doesNotExist();
    StatusReport last = server.reports().get(server.reports().size() - 1);
    assertThat(last.status()).isEqualTo(UpdateStatus.REFUSED);
    assertThat(last.refusal()).isEqualTo(RefusalReason.BAD_HASH);
  }
}
