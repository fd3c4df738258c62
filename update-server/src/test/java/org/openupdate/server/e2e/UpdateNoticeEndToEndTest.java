package org.openupdate.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.server.support.Admin.asAdmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.server.fleet.FleetRecorder;
import org.openupdate.server.support.ReleaseFixture;

/**
 * Issue 13 on the machine, with the real server and the packaged agent: the update notice and the
 * notify hook, and what a person does with the waiting update (dismiss, schedule, apply), as the
 * fleet view shows it. Every agent here has a maintenance window that is closed today and tomorrow
 * (the day after tomorrow, 02:00-02:01 UTC).
 */
@QuarkusTest
class UpdateNoticeEndToEndTest {
  @TestHTTPResource("/")
  URL server;

  @TempDir Path dir;
  @Inject FleetRecorder recorder;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private AgentProcess.ServerKeys keys;

  @BeforeEach
  void pinTheServersKeys() throws IOException {
    assertThat(AgentProcess.JAR)
        .as("the client jar (./mvnw -pl update-client -am package)")
        .isRegularFile();
    keys = AgentProcess.ServerKeys.fetch(dir);
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable resource : resources) {
      resource.close();
    }
  }

  /** An agent whose window is closed, telling {@code told.txt} what its notify hook hears. */
  private AgentProcess agent(String product) throws IOException {
    AgentProcess agent = new AgentProcess(dir.resolve("machine"), server.toString(), product, keys);
    resources.add(agent);
    Path hook =
        agent.script(
            "notify.sh",
            "echo \"$UPDATE_NOTICE_EVENT $UPDATE_PRODUCT $UPDATE_TO_VERSION\" >> "
                + told()
                + "\nif [ \"$UPDATE_NOTICE_EVENT\" = waiting ]; then cp \"$UPDATE_NOTICE_FILE\" "
                + dir.resolve("notice-seen-by-hook.json")
                + "; fi");
    return agent
        .set(
            "maintenanceWindow",
            Map.of(
                "days",
                List.of(windowDay().getDayOfWeek().name().toLowerCase(Locale.ROOT)),
                "startTime",
                "02:00",
                "endTime",
                "02:01"))
        .set("hooks", Map.of("notify", hook.toString(), "notifyTimeout", 10));
  }

  private static LocalDate windowDay() {
    return LocalDate.now(ZoneOffset.UTC).plusDays(2);
  }

  private Path told() {
    return dir.resolve("told.txt");
  }

  private static JsonNode notice(AgentProcess agent) throws IOException {
    return new ObjectMapper().readTree(agent.state().resolve("notice.json").toFile());
  }

  /** The fleet's view of one machine, after the check's sightings are written. */
  private JsonPath machine(AgentProcess agent) throws Exception {
    recorder.flush();
    return asAdmin()
        .get("/api/v1/admin/fleet/" + agent.clientId())
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  void shouldWriteTheNoticeTellTheHookAndInstallTheWaitingUpdateOnApply() throws Exception {
    ReleaseFixture release =
        ReleaseFixture.aRelease()
            .set(
                "changelog",
                Map.of(
                    "features",
                    List.of("CSV export", "dark mode"),
                    "fixes",
                    List.of("login loop"),
                    "security",
                    List.of()))
            .published();
    AgentProcess agent = agent(release.product).set("autoInstall", true);

    AgentProcess.Run waits = agent.run("run", "--once");

    assertThat(waits.exitCode()).as(waits.err()).isEqualTo(6);
    JsonNode notice = notice(agent);
    assertThat(notice.get("product").asText()).isEqualTo(release.product);
    assertThat(notice.get("version").asText()).isEqualTo("1.0.0");
    assertThat(notice.get("installedVersion").asText()).isEqualTo("0.9.0");
    assertThat(notice.get("mandatory").asBoolean()).isFalse();
    assertThat(notice.get("waitingFor").asText()).isEqualTo("maintenance-window");
    assertThat(Instant.parse(notice.get("nextWindow").asText()))
        .isEqualTo(windowDay().atTime(2, 0).toInstant(ZoneOffset.UTC));
    assertThat(notice.get("summary").asText()).isEqualTo("2 features, 1 fix, 0 security fixes");
    assertThat(notice.get("changelog").get("features").get(1).asText()).isEqualTo("dark mode");
    assertThat(Files.readAllLines(told())).containsExactly("waiting " + release.product + " 1.0.0");
    assertThat(Files.readString(dir.resolve("notice-seen-by-hook.json")))
        .isEqualTo(Files.readString(agent.state().resolve("notice.json")));
    assertThat(agent.install().resolve("current")).doesNotExist();

    AgentProcess.Run apply = agent.run("apply");

    assertThat(apply.exitCode()).as(apply.err()).isZero();
    assertThat(apply.out()).contains("installed 1.0.0");
    assertThat(Files.readAllBytes(agent.install().resolve("current/backend/backend")))
        .isEqualTo(release.artifacts.get("backend"));
    assertThat(agent.state().resolve("notice.json")).doesNotExist();
    assertThat(Files.readAllLines(told())).endsWith("cleared " + release.product + " ");
    assertThat(agent.run("status").out()).contains("queued reports:  0");
  }

  @Test
  void shouldDismissTheWaitingVersionAndRefuseToDismissAMandatoryOnePastItsDeadline()
      throws Exception {
    ReleaseFixture first = ReleaseFixture.aRelease().published();
    AgentProcess agent = agent(first.product).set("autoInstall", true);
    assertThat(agent.run("run", "--once").exitCode()).isEqualTo(6);

    AgentProcess.Run dismiss = agent.run("dismiss", "1.0.0");

    assertThat(dismiss.exitCode()).as(dismiss.err()).isZero();
    assertThat(dismiss.out()).contains("dismissed 1.0.0");
    assertThat(agent.state().resolve("notice.json")).doesNotExist();
    AgentProcess.Run skipped = agent.run("run", "--once");
    assertThat(skipped.exitCode()).as(skipped.err()).isZero();
    assertThat(skipped.out()).contains("skipped");
    assertThat(agent.install().resolve("current")).doesNotExist();
    assertThat(machine(agent).getList("products[0].dismissedVersions")).containsExactly("1.0.0");

    // A mandatory release whose deadline passes while it waits for the window.
    Instant deadline = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(15);
    ReleaseFixture mandatory =
        first
            .version("1.1.0")
            .set("mandatory", true)
            .set("installDeadline", deadline.toString())
            .published();
    AgentProcess.Run waits = agent.run("run", "--once");
    assertThat(waits.exitCode()).as(waits.err()).isEqualTo(6);
    assertThat(notice(agent).get("mandatory").asBoolean()).isTrue();
    assertThat(notice(agent).get("installDeadline").asText()).isEqualTo(deadline.toString());
    while (!Instant.now().isAfter(deadline)) {
      Thread.sleep(200);
    }

    AgentProcess.Run refused = agent.run("dismiss", "1.1.0");

    assertThat(refused.exitCode()).as(refused.out()).isEqualTo(4);
    assertThat(refused.err())
        .contains(
            "dismiss refused: 1.1.0 is mandatory and its install deadline "
                + deadline
                + " has passed");
    AgentProcess.Run installs = agent.run("run", "--once");
    assertThat(installs.exitCode()).as(installs.err()).isZero();
    assertThat(Files.readAllBytes(agent.install().resolve("current/backend/backend")))
        .isEqualTo(mandatory.artifacts.get("backend"));
    // The newer offer ended the dismissal of 1.0.0; the last check told the server so.
    assertThat(machine(agent).getList("products[0].dismissedVersions")).isEmpty();
  }

  @Test
  void shouldInstallAtTheScheduledTimeOutsideTheWindowWithoutAutoInstall() throws Exception {
    ReleaseFixture release = ReleaseFixture.aRelease().published();
    AgentProcess agent = agent(release.product);
    AgentProcess.Run downloads = agent.run("run", "--once");
    assertThat(downloads.exitCode()).as(downloads.err()).isZero();
    assertThat(notice(agent).get("waitingFor").asText()).isEqualTo("install-command");
    Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(20);

    AgentProcess.Run schedule = agent.run("schedule", "1.0.0", at.toString());

    assertThat(schedule.exitCode()).as(schedule.err()).isZero();
    assertThat(schedule.out()).contains("1.0.0 will be installed at " + at);
    assertThat(notice(agent).get("scheduledAt").asText()).isEqualTo(at.toString());
    agent.start("run");
    JsonPath seen = machine(agent);
    while (seen.get("products[0].scheduledInstall") == null) {
      assertThat(Instant.now()).as("the daemon's first check reached the fleet").isBefore(at);
      Thread.sleep(200);
      seen = machine(agent);
    }
    assertThat(seen.getString("products[0].scheduledInstall.version")).isEqualTo("1.0.0");
    assertThat(seen.getString("products[0].scheduledInstall.at")).isEqualTo(at.toString());
    assertThat(Instant.now()).isBefore(at);
    assertThat(agent.install().resolve("current")).doesNotExist();

    Path current = agent.install().resolve("current");
    Instant giveUp = at.plus(Duration.ofSeconds(60));
    while (!Files.exists(current.resolve("backend/backend")) && Instant.now().isBefore(giveUp)) {
      Thread.sleep(200);
    }

    assertThat(Files.readAllBytes(current.resolve("backend/backend")))
        .isEqualTo(release.artifacts.get("backend"));
    List<Map<String, Object>> completed = List.of();
    while (completed.isEmpty() && Instant.now().isBefore(giveUp)) {
      completed = machine(agent).getList("reports.findAll { it.status == 'completed' }");
      Thread.sleep(200);
    }
    assertThat(completed).hasSize(1);
    assertThat(Instant.parse((String) completed.get(0).get("reportedAt"))).isAfterOrEqualTo(at);
  }

  @Test
  void shouldRefuseToScheduleAVersionThatDoesNotWait() throws Exception {
    ReleaseFixture release = ReleaseFixture.aRelease().published();
    AgentProcess agent = agent(release.product);
    assertThat(agent.run("run", "--once").exitCode()).isZero();

    AgentProcess.Run other = agent.run("schedule", "2.0.0", "2030-01-01T00:00");
    AgentProcess.Run garbled = agent.run("schedule", "1.0.0", "tonight");

    assertThat(other.exitCode()).isEqualTo(1);
    assertThat(other.err()).contains("2.0.0 is not the update waiting here (1.0.0 waits)");
    assertThat(garbled.exitCode()).isEqualTo(2);
    assertThat(garbled.err()).contains("AT 'tonight' is not a date-time");
    assertThat(machine(agent).getMap("products[0]")).containsEntry("scheduledInstall", null);
  }
}
