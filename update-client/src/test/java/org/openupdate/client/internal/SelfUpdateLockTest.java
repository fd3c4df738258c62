package org.openupdate.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.client.testing.Release.aRelease;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.client.UpdateClient.Outcome;
import org.openupdate.client.internal.config.ConfigLoader;
import org.openupdate.client.internal.install.InstallLock;
import org.openupdate.client.testing.AgentHome;
import org.openupdate.client.testing.FakeUpdateServer;
import org.openupdate.client.testing.Release;

/**
 * The agent's self-update waits on the network (its check, its manifest, its jar) without holding
 * the install lock, so that an operator's {@code rollback} or {@code apply} is not kept out; it
 * takes the lock to stage and switch, and then stages only what still holds.
 */
class SelfUpdateLockTest {
  @TempDir Path dir;
  private FakeUpdateServer server;
  private AgentHome home;
  private Path agentDir;
  private Release agent;

  @BeforeEach
  void start() throws IOException {
    server = new FakeUpdateServer();
    home = new AgentHome(dir.resolve("machine"), server.url());
    // No floor: only the deadline ends a dribbled answer.
    home.set("http", Map.of("deadline", 15, "minBytesPerSecond", 0, "throughputWindow", 60));
    agentDir = dir.resolve("agent");
    Files.createDirectories(agentDir.resolve("versions/0.1.0"));
    Files.writeString(agentDir.resolve("versions/0.1.0/update-client.jar"), "agent 0.1.0");
    Files.createSymbolicLink(agentDir.resolve("current"), Path.of("versions/0.1.0"));
    home.set("selfUpdate", Map.of("dir", agentDir.toString(), "confirmTimeout", 5));
    agent =
        aRelease("0.2.0")
            .product("update-client")
            .component("agent", "agent 0.2.0".getBytes(StandardCharsets.UTF_8))
            .build();
    server.offer("update-client", agent);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Agent theAgent() {
    return new Agent(
        ConfigLoader.load(home.writeConfig()), Clock.systemUTC(), home.log()::add, false);
  }

  private Outcome install(String version) {
    server.offer(aRelease(version).build());
    return home.client().apply(true).outcome();
  }

  @Test
  void shouldLetAnOperatorRollBackWhileTheSelfUpdateCheckIsDribbled() throws Exception {
    assertThat(install("2.0.0")).isEqualTo(Outcome.INSTALLED);
    assertThat(install("3.0.0")).isEqualTo(Outcome.INSTALLED);
    server.dribble("/api/v1/updates/check", 1, Duration.ofMillis(100));
    Agent daemon = theAgent();

    CompletableFuture<Boolean> selfUpdate = CompletableFuture.supplyAsync(daemon::stagedNewAgent);
    await(() -> server.dribbling() == 1);

    Optional<InstallLock> lock = InstallLock.tryAcquire(home.state());
    assertThat(lock).as("the install lock is free").isPresent();
    lock.get().close();
    var operator = home.client().rollback(Optional.empty());

    assertThat(selfUpdate).as("the self-update still waits for its check").isNotDone();
    assertThat(operator.outcome()).as(operator.message()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(home.current()).isEqualTo("2.0.0");
    // The dribbled check ends at the 15 s deadline: nothing staged.
    assertThat(selfUpdate.get(30, TimeUnit.SECONDS)).isFalse();
    assertThat(Files.readSymbolicLink(agentDir.resolve("current")))
        .isEqualTo(Path.of("versions/0.1.0"));
  }

  @Test
  void shouldLetAnOperatorApplyWhileTheAgentManifestIsAwaitedAndStageAfterwards() throws Exception {
    CountDownLatch manifest = server.hold(FakeUpdateServer.manifestPath(agent));
    Agent daemon = theAgent();

    CompletableFuture<Boolean> selfUpdate = CompletableFuture.supplyAsync(daemon::stagedNewAgent);
    await(() -> server.requested().contains(FakeUpdateServer.manifestPath(agent)));

    assertThat(install("2.0.0")).isEqualTo(Outcome.INSTALLED);
    assertThat(selfUpdate).as("the self-update still waits for its manifest").isNotDone();
    manifest.countDown();

    assertThat(selfUpdate.get(30, TimeUnit.SECONDS)).as(home.log().toString()).isTrue();
    assertThat(Files.readSymbolicLink(agentDir.resolve("current")))
        .isEqualTo(Path.of("versions/0.2.0"));
    assertThat(Files.readString(agentDir.resolve("versions/0.2.0/update-client.jar")))
        .isEqualTo("agent 0.2.0");
    assertThat(Files.readString(agentDir.resolve("pending")))
        .contains("previous=0.1.0", "version=0.2.0");
  }

  @Test
  void shouldNotStageWhenAnotherAgentSwitchedWhileItsManifestWasAwaited() throws Exception {
    CountDownLatch manifest = server.hold(FakeUpdateServer.manifestPath(agent));
    Agent daemon = theAgent();

    CompletableFuture<Boolean> selfUpdate = CompletableFuture.supplyAsync(daemon::stagedNewAgent);
    await(() -> server.requested().contains(FakeUpdateServer.manifestPath(agent)));
    // Another agent process staged 0.1.5 meanwhile.
    Files.createDirectories(agentDir.resolve("versions/0.1.5"));
    Path link = agentDir.resolve("current.next");
    Files.createSymbolicLink(link, Path.of("versions/0.1.5"));
    Files.move(link, agentDir.resolve("current"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    manifest.countDown();

    assertThat(selfUpdate.get(30, TimeUnit.SECONDS)).isFalse();
    assertThat(Files.readSymbolicLink(agentDir.resolve("current")))
        .isEqualTo(Path.of("versions/0.1.5"));
    assertThat(agentDir.resolve("pending")).doesNotExist();
    assertThat(agentDir.resolve("versions/0.2.0")).doesNotExist();
    assertThat(home.log())
        .anyMatch(
            line ->
                line.contains("0.2.0 not staged")
                    && line.contains("points at 0.1.5 now, not 0.1.0"));
  }

  @Test
  void shouldConfirmANewAgentWhileAnotherHoldsTheInstallLock() throws Exception {
    // 0.1.0 was just staged by 0.0.9 and started by the launcher, which waits for "confirmed".
    Files.writeString(agentDir.resolve("pending"), "previous=0.0.9\nversion=0.1.0\ntimeout=5\n");
    server.offerNothing();

    boolean staged;
    try (InstallLock operator = InstallLock.acquire(home.state())) {
      staged = theAgent().stagedNewAgent();
    }

    assertThat(staged).isFalse();
    assertThat(agentDir.resolve("confirmed")).as(home.log().toString()).exists();
    assertThat(home.log()).anyMatch(line -> line.contains("0.1.0 confirmed itself"));
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
      Thread.sleep(50);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }
}
