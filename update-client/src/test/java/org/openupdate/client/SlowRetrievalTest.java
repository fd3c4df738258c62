package org.openupdate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.client.testing.Release.aRelease;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.client.UpdateClient.Outcome;
import org.openupdate.client.internal.install.InstallLock;
import org.openupdate.client.testing.AgentHome;
import org.openupdate.client.testing.FakeUpdateServer;
import org.openupdate.client.testing.Release;
import org.openupdate.client.testing.Roots;
import org.openupdate.manifest.pgp.SigningKey;
import org.openupdate.manifest.trust.TrustRoot;

/**
 * A server, mirror or network that answers one byte at a time (TUF's slow retrieval and freeze
 * attacks): the agent gives up at its deadline or floor, and never holds the install lock while it
 * waits. Sped up: a byte every 100 ms against a deadline of 2 s stands for a byte every 29 s
 * against the default 120 s. Each test bounds how long the agent took: its deadline plus {@link
 * #MARGIN} for the rest of the cycle (installing, on a busy machine).
 */
@Timeout(180)
class SlowRetrievalTest {
  private static final Duration PER_BYTE = Duration.ofMillis(100);
  private static final Duration MARGIN = Duration.ofSeconds(5);
  @TempDir Path dir;
  private FakeUpdateServer server;
  private AgentHome home;
  private final SigningKey root1 = Roots.key("root-1");
  private final SigningKey root2 = Roots.key("root-2");
  private final SigningKey signing = Roots.key("signing");
  private final SigningKey timestampKey = Roots.key("timestamp");

  @BeforeEach
  void start() throws IOException {
    server = new FakeUpdateServer();
    home = new AgentHome(dir, server.url());
    // No floor: only the deadline can end these answers.
    deadline(2);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void deadline(int seconds) {
    home.set("http", Map.of("deadline", seconds, "minBytesPerSecond", 0, "throughputWindow", 60));
  }

  @Test
  void shouldGiveUpOnACheckAnswerDribbledPastTheDeadline() {
    server.offer(aRelease("2.0.0").build());
    server.dribble("/api/v1/updates/check", 1, PER_BYTE);
    long start = System.nanoTime();

    var result = home.client().apply(false);

    assertWithin(start, 2);
    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.UNREACHABLE);
    assertThat(result.message()).contains("passed its deadline of 2 s", "slow retrieval");
    assertThat(home.install().resolve("current")).doesNotExist();
  }

  @Test
  void shouldNotHoldTheInstallLockWhileWaitingForASlowCheck() throws Exception {
    shouldLeaveTheLockFreeWhileDribbling("/api/v1/updates/check", aRelease("2.0.0").build());
  }

  @Test
  void shouldNotHoldTheInstallLockWhileWaitingForASlowManifest() throws Exception {
    Release release = aRelease("2.0.0").build();
    shouldLeaveTheLockFreeWhileDribbling(FakeUpdateServer.manifestPath(release), release);
  }

  @Test
  void shouldNotHoldTheInstallLockWhileWaitingForASlowSignature() throws Exception {
    Release release = aRelease("2.0.0").build();
    shouldLeaveTheLockFreeWhileDribbling(FakeUpdateServer.manifestPath(release) + ".asc", release);
  }

  /**
   * The daemon waits on {@code path}, dribbled; meanwhile the lock is free and an operator's apply
   * installs; the daemon then gives up at its deadline.
   */
  private void shouldLeaveTheLockFreeWhileDribbling(String path, Release release) throws Exception {
    deadline(5);
    server.offer(release);
    server.dribble(path, 1, PER_BYTE);
    long start = System.nanoTime();
    CompletableFuture<UpdateClient.Result> daemon =
        CompletableFuture.supplyAsync(home.client()::runOnce);
    awaitDribbling();

    Optional<InstallLock> lock = InstallLock.tryAcquire(home.state());
    assertThat(lock).as("the install lock is free while %s is dribbled", path).isPresent();
    lock.get().close();
    var operator = home.client().apply(false);

    assertThat(daemon).as("the daemon still waits for %s", path).isNotDone();
    assertThat(operator.outcome()).as(operator.message()).isEqualTo(Outcome.INSTALLED);
    var slow = daemon.get(30, TimeUnit.SECONDS);
    assertWithin(start, 5);
    assertThat(slow.outcome()).as(slow.message()).isEqualTo(Outcome.UNREACHABLE);
    assertThat(slow.message()).contains(path, "passed its deadline of 5 s");
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
    long start = System.nanoTime();

    var result = home.client().apply(false);

    assertWithin(start, 2);
    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.UNREACHABLE);
    assertThat(result.message())
        .contains(FakeUpdateServer.manifestPath(release), "passed its deadline of 2 s");
    assertThat(home.client().status().state()).isEqualTo("idle");
  }

  @Test
  void shouldGiveUpOnASignatureDribbledPastTheDeadline() {
    Release release = aRelease("2.0.0").build();
    assertThat(release.signature().length * PER_BYTE.toMillis())
        .as("dribbling the whole signature takes longer than the deadline")
        .isGreaterThan(10_000);
    server.offer(release);
    server.dribble(FakeUpdateServer.manifestPath(release) + ".asc", 1, PER_BYTE);
    long start = System.nanoTime();

    var result = home.client().apply(false);

    assertWithin(start, 2);
    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.UNREACHABLE);
    assertThat(result.message())
        .contains(
            FakeUpdateServer.manifestPath(release) + ".asc",
            "passed its deadline of 2 s",
            "slow retrieval");
    assertThat(home.install().resolve("current")).doesNotExist();
    assertThat(home.client().status().state()).isEqualTo("idle");
  }

  @Test
  void shouldGiveUpOnASignatureSlowerThanTheFloor() {
    home.set("http", Map.of("deadline", 60, "minBytesPerSecond", 100, "throughputWindow", 1));
    Release release = aRelease("2.0.0").build();
    server.offer(release);
    server.dribble(FakeUpdateServer.manifestPath(release) + ".asc", 1, PER_BYTE);
    long start = System.nanoTime();

    var result = home.client().check();

    // Well before the deadline of 60 s: the floor ends it after a window or two.
    assertWithin(start, 2);
    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.UNREACHABLE);
    assertThat(result.message())
        .contains("manifest.asc is too slow", "below the floor of 100 bytes/s", "slow retrieval");
  }

  @Test
  void shouldGiveUpOnATrustRootDribbledPastTheDeadlineAndKeepItsRoot() {
    trustRoot();
    Roots.serve(server, 2, root(2, root2), root1, root2);
    server.dribble("/api/v1/trust/root/2", 1, PER_BYTE);
    server.offer(aRelease("2.0.0").signedBy(signing).build());
    long start = System.nanoTime();

    var result = home.client().check();

    assertWithin(start, 2);
    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.AVAILABLE);
    assertThat(home.client().status().trustRoot())
        .startsWith("version 1,")
        .contains("cannot fetch root version 2", "passed its deadline of 2 s");
  }

  @Test
  void shouldGiveUpOnATimestampDribbledPastTheDeadline() {
    trustRoot();
    server.offer(aRelease("2.0.0").signedBy(signing).build());
    server.dribble("/api/v1/trust/timestamp/cm-diagnostics/stable", 1, PER_BYTE);
    long start = System.nanoTime();

    var result = home.client().check();

    assertWithin(start, 2);
    // No timestamp verified before, so none speaks for the channel: a freeze is suspected.
    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.FREEZE_SUSPECTED);
    assertThat(result.message())
        .contains("/api/v1/trust/timestamp/cm-diagnostics/stable", "passed its deadline of 2 s");
  }

  @Test
  void shouldGiveUpOnAStatusReportAnswerDribbledPastTheDeadlineAndKeepItQueued() throws Exception {
    deadline(5);
    server.offer(aRelease("2.0.0").build());
    server.dribble("/api/v1/updates/status", 1, PER_BYTE);
    long start = System.nanoTime();
    CompletableFuture<UpdateClient.Result> apply =
        CompletableFuture.supplyAsync(() -> home.client().apply(false));
    awaitDribbling();

    Optional<InstallLock> lock = InstallLock.tryAcquire(home.state());
    assertThat(lock).as("the install lock is free while a report is sent").isPresent();
    lock.get().close();
    var result = apply.get(30, TimeUnit.SECONDS);

    assertWithin(start, 5);
    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.INSTALLED);
    assertThat(home.log())
        .anyMatch(
            line ->
                line.contains("cannot deliver reports")
                    && line.contains("passed its deadline of 5 s"));
    assertThat(home.client().status().queuedReports()).isPositive();
  }

  /** Installs trust root version 1 and serves a fresh timestamp. */
  private void trustRoot() {
    Roots.install(dir.resolve("root-1.json"), root(1, root1));
    home.set("trust", Map.of("root", "root-1.json"));
    Roots.timestamp(
        server, "cm-diagnostics", "stable", 1, Instant.now().plusSeconds(3600), timestampKey);
  }

  private TrustRoot root(int version, SigningKey rootKey) {
    return Roots.root(
        version, Roots.nextYear(), List.of(rootKey), 1, List.of(signing), timestampKey);
  }

  private void awaitDribbling() throws InterruptedException {
    for (int i = 0; i < 200 && server.dribbling() == 0; i++) {
      Thread.sleep(50);
    }
    assertThat(server.dribbling()).as("an answer is being dribbled").isOne();
  }

  /** The agent was done within its deadline of {@code seconds}, give or take {@link #MARGIN}. */
  private static void assertWithin(long startNanos, int seconds) {
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    assertThat(took)
        .as("time taken against a deadline of %d s", seconds)
        .isLessThanOrEqualTo(Duration.ofSeconds(seconds).plus(MARGIN));
  }
}
