package org.openupdate.server.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.openupdate.server.support.Admin.asAdmin;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.server.checksupport.Scrape;
import org.openupdate.server.rollout.RolloutEvaluator;
import org.openupdate.server.support.ReleaseFixture;

/**
 * Issue 10 with the real server and the packaged agent: pull, recall and rollback leave no machine
 * stranded, and what agents report is counted against the right release.
 */
@QuarkusTest
class FleetTruthEndToEndTest {
  @TestHTTPResource("/")
  URL server;

  @TempDir Path dir;
  @Inject RolloutEvaluator evaluator;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private Path serverKeys;
  private List<String> pins;

  @BeforeEach
  void pinTheServersKeys() throws IOException {
    assertThat(AgentProcess.JAR)
        .as("the client jar (./mvnw -pl update-client -am package)")
        .isRegularFile();
    AgentProcess.ServerKeys keys = AgentProcess.ServerKeys.fetch(dir);
    serverKeys = keys.file();
    pins = keys.pins();
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable resource : resources) {
      resource.close();
    }
  }

  private AgentProcess agent(String product, String machine) throws IOException {
    AgentProcess agent =
        new AgentProcess(dir.resolve(machine), server.toString(), product, serverKeys, pins);
    resources.add(agent);
    return agent;
  }

  @Test
  void shouldRecallAgentsOnAPulledReleaseAndRefuseTheOldManifestReplayedByAMirror()
      throws Exception {
    ReleaseFixture good = ReleaseFixture.aRelease().published();
    AgentProcess agent = agent(good.product, "machine");
    assertThat(agent.run("apply", "--ignore-window").exitCode()).isZero();
    ReleaseFixture bad = good.version("1.1.0").published();
    assertThat(agent.run("apply", "--ignore-window").exitCode()).isZero();
    Mirror mirror = replayOf(bad);

    asAdmin()
        .contentType("application/json")
        .body(Map.of("channel", "stable", "reason", "corrupts data", "recallTo", "1.0.0"))
        .post(bad.path() + "/pull")
        .then()
        .statusCode(200);
    AgentProcess.Run recall = agent.run("apply", "--ignore-window");

    assertThat(recall.exitCode()).as(recall.err()).isZero();
    assertThat(Files.readSymbolicLink(agent.install().resolve("current")))
        .isEqualTo(Path.of("versions/1.0.0"));
    assertThat(agent.run("status").out()).contains("current version: 1.0.0", "queued reports:  0");
    assertThat(stages(good, "1.0.0", "recalls")).isEqualTo(1);

    AgentProcess.Run replay = agent.set("serverUrl", mirror.root()).run("apply", "--ignore-window");

    assertThat(replay.exitCode()).as(replay.out() + replay.err()).isEqualTo(4);
    assertThat(replay.err()).contains("sequence");
    assertThat(Files.readSymbolicLink(agent.install().resolve("current")))
        .isEqualTo(Path.of("versions/1.0.0"));
  }

  @Test
  void shouldLeaveTheRolloutOfAReleaseAgentsRefuseRunningWithItsFailuresUnchanged()
      throws Exception {
    ReleaseFixture release = ReleaseFixture.aRelease().createDraft().uploadAll();
    asAdmin()
        .contentType("application/json")
        .body(
            "{\"channel\":\"stable\",\"rolloutPlan\":{\"stages\":[{\"percentage\":100,"
                + "\"minimumDurationMinutes\":0}],\"thresholds\":{\"minimumReports\":4,"
                + "\"maximumErrorRate\":0.25}}}")
        .post(release.path() + "/publish")
        .then()
        .statusCode(200);
    assertThat(agent(release.product, "good").run("apply", "--ignore-window").exitCode()).isZero();
    for (String machine : List.of("wrong-pin-a", "wrong-pin-b", "wrong-pin-c")) {
      AgentProcess refusing = agent(release.product, machine);
      Path vendorKey =
          Files.copy(
              Path.of("src/test/resources/openpgp/vendor-ed25519.pub.asc"),
              dir.resolve(machine + "-vendor.asc"));
      refusing.set(
          "trust",
          Map.of(
              "keys",
              List.of(vendorKey.toString()),
              "fingerprints",
              List.of("923B76B73C91A5257E1404206ED835603A04B3DD")));
      AgentProcess.Run refused = refusing.run("apply", "--ignore-window");
      assertThat(refused.exitCode()).as(refused.err()).isEqualTo(4);
      assertThat(refusing.run("status").out()).contains("queued reports:  0");
    }

    evaluator.evaluate(Set.of(new RolloutEvaluator.Key(release.product, "1.0.0", "stable")));

    asAdmin()
        .get("/api/v1/admin/rollouts/" + release.product + "/1.0.0/stable")
        .then()
        .statusCode(200)
        .body("state", equalTo("ACTIVE"))
        .body("currentStage.failures", equalTo(0))
        .body("refused", equalTo(3));
    assertThat(
            Scrape.now()
                .sum(
                    "update_refusals_total",
                    Map.of("product", release.product, "channel", "stable", "version", "1.0.0")))
        .as("the three refusals reached the server, counted apart")
        .hasValue(3);
    assertThat(stages(release, "1.0.0", "failures")).isZero();
    assertThat(stages(release, "1.0.0", "successes")).isEqualTo(1);
  }

  @Test
  void shouldNeverRollBackToAVersionThatFailedOnThisMachine() throws Exception {
    ReleaseFixture first = ReleaseFixture.aRelease().published();
    AgentProcess agent = agent(first.product, "machine");
    agent
        .set(
            "hooks",
            Map.of(
                "healthCheck",
                Map.of(
                    "command", "test ! -e \"$UPDATE_INSTALL_DIR/current/broken\"", "interval", 1)))
        .set("rollback", Map.of("healthCheckTimeout", 2, "keepVersions", 2));
    assertThat(agent.run("apply", "--ignore-window").exitCode()).isZero();
    first.version("1.1.0").published();
    assertThat(agent.run("apply", "--ignore-window").exitCode()).isZero();
    first.version("1.2.0").component("broken", ReleaseFixture.randomBytes(100)).published();
    assertThat(agent.run("apply", "--ignore-window").exitCode()).isEqualTo(7);
    first.version("1.3.0").published();
    assertThat(agent.run("apply", "--ignore-window").exitCode()).isZero();

    AgentProcess.Run rollback = agent.run("rollback");

    assertThat(rollback.exitCode()).as(rollback.err()).isZero();
    assertThat(Files.readSymbolicLink(agent.install().resolve("current")))
        .isEqualTo(Path.of("versions/1.1.0"));
    assertThat(stages(first, "1.3.0", "rollbacks")).isEqualTo(1);
    assertThat(stages(first, "1.1.0", "rollbacks")).isZero();
  }

  @Test
  void shouldKeepAManualRollbackThroughTheNextDaemonCycle() throws Exception {
    ReleaseFixture first = ReleaseFixture.aRelease().published();
    AgentProcess agent = agent(first.product, "machine").set("autoInstall", true);
    assertThat(agent.run("apply", "--ignore-window").exitCode()).isZero();
    first.version("1.1.0").published();
    assertThat(agent.run("apply", "--ignore-window").exitCode()).isZero();
    assertThat(agent.run("rollback").exitCode()).isZero();

    AgentProcess.Run cycle = agent.run("run", "--once");

    assertThat(cycle.exitCode()).as(cycle.err()).isZero();
    assertThat(Files.readSymbolicLink(agent.install().resolve("current")))
        .isEqualTo(Path.of("versions/1.0.0"));
    assertThat(agent.run("status").out()).containsPattern("skipped: +1\\.1\\.0");
  }

  /** What a mirror keeps of a release: the check answer, its channel manifest and signature. */
  private Mirror replayOf(ReleaseFixture release) throws IOException {
    Mirror mirror = new Mirror();
    resources.add(mirror);
    mirror.put(
        "/api/v1/updates/check",
        given()
            .header("X-Product", release.product)
            .header("X-Current-Version", "1.0.0")
            .header("X-Channel", "stable")
            .get("/api/v1/updates/check")
            .then()
            .statusCode(200)
            .extract()
            .asByteArray());
    String base = "/api/v1/releases/" + release.product + "/" + release.version + "/manifest";
    // The mirror ignores the query: it serves the stable channel's manifest under the plain path.
    mirror.put(
        base, given().get(base + "?channel=stable").then().statusCode(200).extract().asByteArray());
    mirror.put(base + ".asc", given().get(base + ".asc?channel=stable").asByteArray());
    return mirror;
  }

  /** Sums a counter over the channel stages of the server's status summary for a release. */
  private static long stages(ReleaseFixture release, String version, String counter) {
    List<Map<String, Object>> stages =
        asAdmin()
            .get("/api/v1/admin/status/" + release.product + "/" + version)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("stages");
    return stages.stream().mapToLong(stage -> ((Number) stage.get(counter)).longValue()).sum();
  }
}
