package org.openupdate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.client.testing.Release.aRelease;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.client.UpdateClient.Outcome;
import org.openupdate.client.testing.AgentHome;
import org.openupdate.client.testing.FakeUpdateServer;

/**
 * The maintenance file is there while the agent switches (the hooks and the health check see it)
 * and gone afterwards, whichever way the install ends. Recovery after kill -9 is in ClientJarIT.
 */
class MaintenanceModeTest {
  @TempDir Path dir;
  private FakeUpdateServer server;
  private AgentHome home;
  private Path maintenance;

  @BeforeEach
  void start() throws IOException {
    server = new FakeUpdateServer();
    home = new AgentHome(dir, server.url());
    maintenance = dir.resolve("www/maintenance.json");
    home.set(
        "maintenance",
        Map.of(
            "file", "www/maintenance.json",
            "message", "Back at 06:00",
            "allowedAddresses", List.of("10.0.0.0/8")));
    // Each hook and health check copies what it sees; the health check fails for a sick version.
    home.script(
        "seen.sh",
        "cp \"$UPDATE_MAINTENANCE_FILE\" \""
            + dir
            + "/seen-$1-$UPDATE_PHASE.json\"\n"
            + "test \"$1\" != health || test ! -e \""
            + dir
            + "/sick-$UPDATE_TO_VERSION\"");
    String seen = dir.resolve("seen.sh").toString();
    home.set(
        "hooks",
        Map.of(
            "preInstall", seen + " pre",
            "postInstall", seen + " post",
            "healthCheck", Map.of("command", seen + " health", "interval", 1)));
    home.set("rollback", Map.of("healthCheckTimeout", 2));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void shouldShowTheMaintenanceFileDuringTheSwitchAndRemoveItAfter() throws IOException {
    server.offer(aRelease("2.0.0").build());

    var result = home.client().apply(false);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.INSTALLED);
    for (String step : List.of("pre", "post", "health")) {
      JsonNode seen = read("seen-" + step + "-install.json");
      assertThat(seen.get("from").asText()).isEmpty();
      assertThat(seen.get("to").asText()).isEqualTo("2.0.0");
      assertThat(seen.get("message").asText()).isEqualTo("Back at 06:00");
      assertThat(seen.get("allowedAddresses").get(0).asText()).isEqualTo("10.0.0.0/8");
      assertThat(seen.get("since").asText()).isNotEmpty();
    }
    assertThat(maintenance).doesNotExist();
  }

  @Test
  void shouldRemoveTheMaintenanceFileAfterARollback() throws IOException {
    server.offer(aRelease("2.0.0").build());
    assertThat(home.client().apply(false).outcome()).isEqualTo(Outcome.INSTALLED);
    Files.createFile(dir.resolve("sick-3.0.0"));
    server.offer(aRelease("3.0.0").build());

    assertThat(home.client().apply(false).outcome()).isEqualTo(Outcome.ROLLED_BACK);

    JsonNode duringRollback = read("seen-post-rollback.json");
    assertThat(duringRollback.get("from").asText()).isEqualTo("2.0.0");
    assertThat(duringRollback.get("to").asText()).isEqualTo("3.0.0");
    assertThat(maintenance).doesNotExist();
  }

  @Test
  void shouldShowTheMaintenanceFileDuringAManualRollback() throws IOException {
    for (String version : List.of("2.0.0", "3.0.0")) {
      server.offer(aRelease(version).build());
      assertThat(home.client().apply(false).outcome()).isEqualTo(Outcome.INSTALLED);
    }

    var result = home.client().rollback(Optional.empty());

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.ROLLED_BACK);
    JsonNode seen = read("seen-pre-rollback.json");
    assertThat(seen.get("from").asText()).isEqualTo("3.0.0");
    assertThat(seen.get("to").asText()).isEqualTo("2.0.0");
    assertThat(maintenance).doesNotExist();
  }

  private JsonNode read(String name) throws IOException {
    return new ObjectMapper().readTree(dir.resolve(name).toFile());
  }
}
