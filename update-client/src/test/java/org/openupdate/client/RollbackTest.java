package org.openupdate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.client.testing.Release.aRelease;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.client.UpdateClient.Outcome;
import org.openupdate.client.testing.AgentHome;
import org.openupdate.client.testing.FakeUpdateServer;
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

  private UpdateClient.Result install(String version) {
    server.offer(aRelease(version).build());
    return home.client().apply(false);
  }

  private StatusReport lastReport() {
    List<StatusReport> reports = server.reports();
    return reports.get(reports.size() - 1);
  }
}
