package org.openupdate.server.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.server.support.Admin.asAdmin;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.server.support.ReleaseFixture;

/**
 * The real server (this Quarkus instance, publishing through its admin API) and the real client:
 * the packaged {@code update-client.jar} runs as separate processes, as on a fleet machine, and
 * pins the server's signing key by fingerprint.
 */
@QuarkusTest
class ClientAgentEndToEndTest {
  @TestHTTPResource("/")
  URL server;

  @TempDir Path dir;
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

  private AgentProcess agent(String product) throws IOException {
    AgentProcess agent =
        new AgentProcess(dir.resolve("machine"), server.toString(), product, serverKeys, pins);
    resources.add(agent);
    return agent;
  }

  private Mirror mirror() throws IOException {
    Mirror mirror = new Mirror();
    resources.add(mirror);
    return mirror;
  }

  /** Sums a counter over the channel stages of the server's status summary for a release. */
  private static long summary(ReleaseFixture release, String version, String counter) {
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

  @Test
  void shouldCheckVerifyInstallHealthCheckAndReportCompleted() throws Exception {
    ReleaseFixture release = ReleaseFixture.aRelease().published();
    AgentProcess agent = agent(release.product);
    agent.set(
        "hooks",
        Map.of(
            "healthCheck",
            Map.of("command", "test -f \"$UPDATE_INSTALL_DIR/current/backend/backend\"")));

    AgentProcess.Run apply = agent.run("apply", "--ignore-window");

    assertThat(apply.exitCode()).as(apply.err()).isZero();
    assertThat(apply.out()).contains("installed 1.0.0");
    assertThat(Files.readAllBytes(agent.install().resolve("current/backend/backend")))
        .isEqualTo(release.artifacts.get("backend"));
    assertThat(agent.run("status").out()).contains("current version: 1.0.0", "queued reports:  0");
    assertThat(summary(release, "1.0.0", "successes")).isEqualTo(1);
  }

  @Test
  void shouldInstallAReleasePromotedFromBetaOnAStableAgent() throws Exception {
    ReleaseFixture release =
        ReleaseFixture.aRelease().set("channel", "beta").createDraft().uploadAll().publish("beta");
    AgentProcess stable = agent(release.product);
    assertThat(stable.run("check").out()).contains("no newer release is offered");

    release.promote("stable").statusCode(200);
    AgentProcess.Run apply = stable.run("apply", "--ignore-window");

    assertThat(apply.exitCode()).as(apply.err()).isZero();
    assertThat(Files.readAllBytes(stable.install().resolve("current/backend/backend")))
        .isEqualTo(release.artifacts.get("backend"));
  }

  @Test
  void shouldInstallAStableReleaseOnAnEarlyAccessAgentThroughTheFollowChain() throws Exception {
    ReleaseFixture release = ReleaseFixture.aRelease().published();
    AgentProcess earlyAccess = agent(release.product);
    earlyAccess.set("channel", "early-access");

    AgentProcess.Run apply = earlyAccess.run("apply", "--ignore-window");

    assertThat(apply.exitCode()).as(apply.err()).isZero();
    assertThat(apply.out()).contains("installed 1.0.0");
  }

  @Test
  void shouldRollBackAFailedHealthCheckLeavingThePreviousVersionByteIdentical() throws Exception {
    ReleaseFixture first = ReleaseFixture.aRelease().published();
    AgentProcess agent = agent(first.product);
    assertThat(agent.run("apply", "--ignore-window").exitCode()).isZero();
    byte[] before = Files.readAllBytes(agent.install().resolve("versions/1.0.0/backend/backend"));
    ReleaseFixture second =
        first.version("2.0.0").component("backend", ReleaseFixture.randomBytes(50_000)).published();
    agent
        .set(
            "hooks",
            Map.of(
                "healthCheck",
                Map.of("command", "test \"$UPDATE_TO_VERSION\" != 2.0.0", "interval", 1)))
        .set("rollback", Map.of("healthCheckTimeout", 2));

    AgentProcess.Run apply = agent.run("apply", "--ignore-window");

    assertThat(apply.exitCode()).as(apply.err()).isEqualTo(7);
    assertThat(apply.err()).contains("rolled back to 1.0.0", "health check failed");
    assertThat(Files.readSymbolicLink(agent.install().resolve("current")))
        .isEqualTo(Path.of("versions/1.0.0"));
    assertThat(Files.readAllBytes(agent.install().resolve("versions/1.0.0/backend/backend")))
        .isEqualTo(before);
    assertThat(agent.run("status").out()).contains("queued reports:  0");
    assertThat(summary(second, "2.0.0", "rollbacks")).isEqualTo(1);
  }

  @Test
  void shouldRefuseAManifestSignedByAKeyThatIsNotPinned() throws Exception {
    ReleaseFixture release = ReleaseFixture.aRelease().published();
    AgentProcess agent = agent(release.product);
    Path vendorKey = dir.resolve("vendor.asc");
    Files.copy(Path.of("src/test/resources/openpgp/vendor-ed25519.pub.asc"), vendorKey);
    agent.set(
        "trust",
        Map.of(
            "keys",
            List.of(vendorKey.toString()),
            "fingerprints",
            List.of("923B76B73C91A5257E1404206ED835603A04B3DD")));

    AgentProcess.Run apply = agent.run("apply", "--ignore-window");

    assertThat(apply.exitCode()).isEqualTo(4);
    assertThat(apply.err()).contains("failed signature verification", "not from a pinned key");
    assertThat(agent.install().resolve("current")).doesNotExist();
  }

  @Test
  void shouldRefuseAnExpiredManifestReplayedByAMirror() throws Exception {
    Instant expires = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(4);
    ReleaseFixture release =
        ReleaseFixture.aRelease().set("expires", expires.toString()).published();
    // Record what the server answers now, then replay it once the manifest has expired.
    Mirror mirror = mirror();
    String base = "/api/v1/releases/" + release.product + "/1.0.0/manifest";
    mirror.put(
        "/api/v1/updates/check",
        given()
            .header("X-Product", release.product)
            .header("X-Current-Version", "0.9.0")
            .header("X-Channel", "stable")
            .get("/api/v1/updates/check")
            .then()
            .statusCode(200)
            .extract()
            .asByteArray());
    // The mirror ignores the query: it serves the stable channel's manifest under the plain path.
    mirror.put(
        base, given().get(base + "?channel=stable").then().statusCode(200).extract().asByteArray());
    mirror.put(base + ".asc", given().get(base + ".asc?channel=stable").asByteArray());
    while (!Instant.now().isAfter(expires)) {
      Thread.sleep(200);
    }
    AgentProcess agent = agent(release.product).set("serverUrl", mirror.root());

    AgentProcess.Run apply = agent.run("apply", "--ignore-window");

    assertThat(apply.exitCode()).as(apply.err()).isEqualTo(4);
    assertThat(apply.err()).contains("expired at " + expires);
    assertThat(agent.install().resolve("current")).doesNotExist();
  }

  @Test
  void shouldInstallTheReleaseBeforeAPulledOneTheAgentHadOnlySeen() throws Exception {
    ReleaseFixture first = ReleaseFixture.aRelease().published();
    ReleaseFixture third = first.version("3.0.0").published();
    AgentProcess agent = agent(first.product);
    assertThat(agent.run("check").out()).contains("3.0.0");
    asAdmin()
        .contentType("application/json")
        .body(Map.of("channel", "stable", "reason", "broken build"))
        .post(third.path() + "/pull")
        .then()
        .statusCode(200);

    AgentProcess.Run apply = agent.run("apply", "--ignore-window");

    // Seeing 3.0.0 proves nothing about freshness; only an installed sequence does (issue 10).
    assertThat(apply.exitCode()).as(apply.err()).isZero();
    assertThat(Files.readSymbolicLink(agent.install().resolve("current")))
        .isEqualTo(Path.of("versions/1.0.0"));
  }

  @Test
  void shouldRefuseATamperedArtifactFromAMirror() throws Exception {
    byte[] good = ReleaseFixture.randomBytes(30_000);
    Mirror mirror = mirror();
    ReleaseFixture release =
        ReleaseFixture.aRelease()
            .externalComponent(
                "app", mirror.url("/app.bin"), ReleaseFixture.sha256(good), good.length)
            .published();
    mirror.put("/app.bin", ReleaseFixture.randomBytes(good.length));
    AgentProcess agent = agent(release.product);

    AgentProcess.Run apply = agent.run("apply", "--ignore-window");

    assertThat(apply.exitCode()).isEqualTo(4);
    assertThat(apply.err()).contains("but the signed manifest says " + ReleaseFixture.sha256(good));
    assertThat(agent.install().resolve("current")).doesNotExist();
  }

  @Test
  void shouldRefuseAnArtifactLongerThanItsSignedSize() throws Exception {
    byte[] good = ReleaseFixture.randomBytes(30_000);
    Mirror mirror = mirror();
    ReleaseFixture release =
        ReleaseFixture.aRelease()
            .externalComponent(
                "app", mirror.url("/app.bin"), ReleaseFixture.sha256(good), good.length)
            .published();
    byte[] longer = java.util.Arrays.copyOf(good, good.length + 1_000_000);
    mirror.put("/app.bin", longer);
    AgentProcess agent = agent(release.product);

    AgentProcess.Run apply = agent.run("apply", "--ignore-window");

    assertThat(apply.exitCode()).isEqualTo(4);
    assertThat(apply.err()).contains("than its signed size " + good.length);
    assertThat(agent.install().resolve("current")).doesNotExist();
  }

  @Test
  void shouldResumeADownloadWithRangeAfterTheAgentWasKilledHalfway() throws Exception {
    ReleaseFixture release =
        ReleaseFixture.aRelease()
            .component("backend", ReleaseFixture.randomBytes(800_000))
            .published();
    String sha = ReleaseFixture.sha256(release.artifacts.get("backend"));
    StallingProxy proxy = new StallingProxy();
    resources.add(proxy);
    AgentProcess agent = agent(release.product).set("http", Map.of("proxy", proxy.url()));
    proxy.stalling(true);

    Process doomed = agent.start("apply", "--ignore-window");
    Path part = agent.state().resolve("downloads").resolve(sha + ".part");
    for (int i = 0; i < 600 && !(Files.exists(part) && Files.size(part) == 400_000); i++) {
      Thread.sleep(100);
    }
    assertThat(Files.size(part)).isEqualTo(400_000);
    doomed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    proxy.stalling(false);

    AgentProcess.Run again = agent.run("apply", "--ignore-window");

    assertThat(again.exitCode()).as(again.err()).isZero();
    // The agent asks again for the last 4 KiB it holds, to see that the bytes on offer continue
    // the same file (ArtifactDownloader.OVERLAP), and nothing before them.
    assertThat(proxy.forwardedRanges()).containsExactly("bytes=" + (400_000 - 4096) + "-");
    assertThat(Files.readAllBytes(agent.install().resolve("current/backend/backend")))
        .isEqualTo(release.artifacts.get("backend"));
  }

  @Test
  void shouldLetOnlyOneOfTwoAgentsApplyAtOnce() throws Exception {
    ReleaseFixture release = ReleaseFixture.aRelease().published();
    AgentProcess agent = agent(release.product);
    Path marker = dir.resolve("hook-running");
    agent.set(
        "hooks",
        Map.of(
            "preInstall", agent.script("slow.sh", "touch \"" + marker + "\"\nsleep 4").toString()));

    Process first = agent.start("apply", "--ignore-window");
    awaitFile(marker);
    AgentProcess.Run second = agent.run("apply", "--ignore-window");

    assertThat(second.exitCode()).isEqualTo(5);
    assertThat(second.err()).contains("another update is in progress");
    assertThat(first.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).isZero();
  }

  @Test
  void shouldRollBackAfterKill9DuringApplyAndDeliverTheQueuedReportOnceTheServerIsBack()
      throws Exception {
    ReleaseFixture first = ReleaseFixture.aRelease().published();
    AgentProcess agent = agent(first.product);
    assertThat(agent.run("apply", "--ignore-window").exitCode()).isZero();
    ReleaseFixture second =
        first.version("2.0.0").component("backend", ReleaseFixture.randomBytes(40_000)).published();
    Path marker = dir.resolve("switched");
    agent.set(
        "hooks",
        Map.of(
            "postInstall",
            agent
                .script(
                    "post.sh",
                    "if [ \"$UPDATE_PHASE\" = install ]; then touch \""
                        + marker
                        + "\"; sleep 60; fi")
                .toString()));

    Process doomed = agent.start("apply", "--ignore-window");
    awaitFile(marker);
    assertThat(Files.readSymbolicLink(agent.install().resolve("current")))
        .isEqualTo(Path.of("versions/2.0.0"));
    List<ProcessHandle> hook = doomed.descendants().toList();
    doomed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    hook.forEach(ProcessHandle::destroyForcibly);

    // The server is unreachable when the agent restarts: it rolls back and keeps the report.
    agent.set("serverUrl", "http://127.0.0.1:" + closedPort());
    AgentProcess.Run offline = agent.run("check");
    assertThat(offline.exitCode()).isEqualTo(8);
    assertThat(Files.readSymbolicLink(agent.install().resolve("current")))
        .isEqualTo(Path.of("versions/1.0.0"));
    assertThat(agent.run("status").out()).doesNotContain("queued reports:  0");
    assertThat(summary(second, "2.0.0", "rollbacks")).isZero();

    agent.set("serverUrl", server.toString());
    assertThat(agent.run("check").exitCode()).isZero();

    assertThat(agent.run("status").out()).contains("queued reports:  0");
    assertThat(summary(second, "2.0.0", "rollbacks")).isEqualTo(1);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void awaitFile(Path file) throws InterruptedException {
    for (int i = 0; i < 600 && !Files.exists(file); i++) {
      Thread.sleep(100);
    }
    assertThat(file).exists();
  }
}
