package org.openupdate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.client.testing.Release.aRelease;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.client.UpdateClient.Outcome;
import org.openupdate.client.internal.install.InstallLock;
import org.openupdate.client.testing.AgentHome;
import org.openupdate.client.testing.FakeUpdateServer;
import org.openupdate.client.testing.Release;

/**
 * A server, mirror or network that answers one byte at a time (TUF's slow retrieval and freeze
 * attacks): the agent gives up at its deadline or floor, and never holds the install lock while it
 * waits. Sped up: a byte every 100 ms against a deadline of 2 s stands for a byte every 29 s
 * against the default 120 s.
 */
class SlowRetrievalTest {
  private static final Duration PER_BYTE = Duration.ofMillis(100);
  @TempDir Path dir;
  private FakeUpdateServer server;
  private AgentHome home;

  @BeforeEach
  void start() throws IOException {
    server = new FakeUpdateServer();
    home = new AgentHome(dir, server.url());
    // No floor: only the deadline can end these answers.
    home.set("http", Map.of("deadline", 2, "minBytesPerSecond", 0, "throughputWindow", 60));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void shouldGiveUpOnACheckAnswerDribbledPastTheDeadline() {
    server.offer(aRelease("2.0.0").build());
    server.dribble("/api/v1/updates/check", 1, PER_BYTE);

    var result = home.client().apply(false);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.UNREACHABLE);
    assertThat(result.message()).contains("passed its deadline of 2 s", "slow retrieval");
    assertThat(home.install().resolve("current")).doesNotExist();
  }

  @Test
  void shouldNotHoldTheInstallLockWhileWaitingForASlowCheck() throws Exception {
    home.set("http", Map.of("deadline", 5, "minBytesPerSecond", 0, "throughputWindow", 60));
    server.offer(aRelease("2.0.0").build());
    server.dribble("/api/v1/updates/check", 1, PER_BYTE);
    CompletableFuture<UpdateClient.Result> daemon =
        CompletableFuture.supplyAsync(home.client()::runOnce);
    for (int i = 0; i < 100 && server.dribbling() == 0; i++) {
      Thread.sleep(50);
    }
    assertThat(server.dribbling()).as("the daemon's check is being dribbled").isOne();

    Optional<InstallLock> lock = InstallLock.tryAcquire(home.state());
    assertThat(lock).as("the install lock is free").isPresent();
    lock.get().close();
    var operator = home.client().apply(false);

    assertThat(daemon).as("the daemon still waits for its check").isNotDone();
    assertThat(operator.outcome()).as(operator.message()).isEqualTo(Outcome.INSTALLED);
    var slow = daemon.get(30, TimeUnit.SECONDS);
    assertThat(slow.outcome()).as(slow.message()).isEqualTo(Outcome.UNREACHABLE);
    assertThat(slow.message()).contains("passed its deadline of 5 s");
    assertThat(home.read("current/backend/app.txt")).isEqualTo("backend 2.0.0\n");
  }

  @Test
  void shouldNotInstallOverAVersionAnotherAgentInstalledWhileItWaited() throws Exception {
    Release release = aRelease("2.0.0").build();
    server.offer(release);
    CountDownLatch manifest = server.hold(FakeUpdateServer.manifestPath(release));
    CompletableFuture<UpdateClient.Result> first =
        CompletableFuture.supplyAsync(() -> home.client().apply(false));
    for (int i = 0;
        i < 100 && !server.requested().contains(FakeUpdateServer.manifestPath(release));
        i++) {
      Thread.sleep(50);
    }
    assertThat(home.client().apply(false).outcome()).isEqualTo(Outcome.INSTALLED);

    manifest.countDown();
    var late = first.get(30, TimeUnit.SECONDS);

    assertThat(late.outcome()).as(late.message()).isEqualTo(Outcome.BUSY);
    assertThat(late.message())
        .contains("another agent installed a version while 2.0.0 was downloaded for 1.0.0");
    assertThat(home.client().status().state()).isEqualTo("idle");
    assertThat(home.read("current/backend/app.txt")).isEqualTo("backend 2.0.0\n");
  }

  @Test
  void shouldGiveUpOnAManifestDribbledPastTheDeadline() {
    Release release = aRelease("2.0.0").build();
    server.offer(release);
    server.dribble(FakeUpdateServer.manifestPath(release), 1, PER_BYTE);

    var result = home.client().apply(false);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.UNREACHABLE);
    assertThat(result.message())
        .contains(FakeUpdateServer.manifestPath(release), "passed its deadline of 2 s");
    assertThat(home.client().status().state()).isEqualTo("idle");
  }

  @Test
  void shouldGiveUpOnASignatureSlowerThanTheFloor() {
    home.set("http", Map.of("deadline", 60, "minBytesPerSecond", 100, "throughputWindow", 1));
    Release release = aRelease("2.0.0").build();
    server.offer(release);
    server.dribble(FakeUpdateServer.manifestPath(release) + ".asc", 1, PER_BYTE);

    var result = home.client().check();

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.UNREACHABLE);
    assertThat(result.message())
        .contains("manifest.asc is too slow", "below the floor of 100 bytes/s", "slow retrieval");
  }
}
