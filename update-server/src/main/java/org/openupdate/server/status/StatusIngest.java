package org.openupdate.server.status;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.openupdate.manifest.RefusalReason;
import org.openupdate.manifest.StatusDetails;
import org.openupdate.manifest.StatusReport;
import org.openupdate.manifest.UpdateStatus;
import org.openupdate.server.check.CheckSnapshot;
import org.openupdate.server.check.SnapshotHolder;
import org.openupdate.server.metrics.UpdateMetrics;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;
import org.openupdate.server.rollout.RolloutEvaluator;
import org.openupdate.server.rollout.RolloutView;

/**
 * Group commit for status reports. Requests put their report on a queue and wait on a future; a
 * writer thread takes everything queued (up to a batch), makes it durable in one transaction and
 * only then completes the futures, so a 202 always means committed, and throughput is many reports
 * per transaction instead of one. A second writer fills the next batch while the first waits for
 * its commit; the unique report id (and the retry below) keeps concurrent batches from double
 * counting.
 */
@ApplicationScoped
public class StatusIngest {

  private static final Logger LOG = Logger.getLogger(StatusIngest.class);
  private static final String UNIQUE_VIOLATION = "23505";

  @Inject DataSource dataSource;
  @Inject StatusConfig config;
  @Inject UpdateMetrics metrics;
  @Inject SnapshotHolder snapshots;
  @Inject RolloutEvaluator evaluator;
  @Inject Clock clock;

  private record Pending(StatusReport report, CompletableFuture<Accepted> done) {}

  private BlockingQueue<Pending> queue;
  private ExecutorService writer;
  private ScheduledExecutorService evaluation;
  private final Set<RolloutEvaluator.Key> toEvaluate = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean evaluationQueued = new AtomicBoolean();
  private volatile boolean running;

  void start(@Observes StartupEvent event) {
    queue = new ArrayBlockingQueue<>(config.maxQueued());
    running = true;
    writer = Executors.newFixedThreadPool(config.writers(), r -> new Thread(r, "status-ingest"));
    evaluation =
        Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "rollout-evaluation"));
    for (int i = 0; i < config.writers(); i++) {
      writer.submit(this::drainLoop);
    }
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    running = false;
    writer.shutdown();
    writer.awaitTermination(10, TimeUnit.SECONDS);
    evaluation.shutdown();
  }

  /** Completes once the report is committed (or was already); fails with a problem otherwise. */
  public CompletableFuture<Accepted> submit(StatusReport report) {
    CompletableFuture<Accepted> done = new CompletableFuture<>();
    if (!queue.offer(new Pending(report, done))) {
      done.completeExceptionally(
          new ProblemException(
              ProblemType.UNAVAILABLE, "status ingest is saturated; retry after a few seconds"));
    }
    return done;
  }

  private void drainLoop() {
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        List<Pending> batch = new ArrayList<>(Math.min(config.maxBatch(), queue.size() + 1));
        batch.add(first);
        queue.drainTo(batch, config.maxBatch() - 1);
        commit(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("status ingest loop error", e);
      }
    }
  }

  private void commit(List<Pending> batch) {
    long started = System.nanoTime();
    // Same reportId twice in one batch: one row, both callers get the answer.
    Map<String, StatusReport> unique = new LinkedHashMap<>();
    batch.forEach(p -> unique.putIfAbsent(p.report().reportId(), p.report()));
    ReportBatchWriter.Result result;
    try {
      result = writeWithRetry(unique);
    } catch (SQLException e) {
      LOG.error("status batch of " + batch.size() + " could not be stored: " + e.getMessage());
      ProblemException problem =
          new ProblemException(
              ProblemType.UNAVAILABLE,
              "the report could not be stored; retry it with the same reportId");
      batch.forEach(p -> p.done().completeExceptionally(problem));
      return;
    }
    metrics.ingested(Duration.ofNanos(System.nanoTime() - started));
    Set<String> storedIds =
        result.stored().stream().map(StatusReport::reportId).collect(Collectors.toSet());
    Set<String> answered = new java.util.HashSet<>();
    for (Pending p : batch) {
      String id = p.report().reportId();
      boolean duplicate = !storedIds.contains(id) || !answered.add(id);
      p.done().complete(new Accepted(id, duplicate));
    }
    count(result);
    // A refusal never feeds the evaluator: the release was not installed, so it did not fail.
    Set<RolloutEvaluator.Key> touched =
        result.stored().stream()
            .filter(r -> r.status().isFinal() && r.status() != UpdateStatus.REFUSED)
            .map(
                r ->
                    new RolloutEvaluator.Key(
                        r.product(), ReportBatchWriter.releaseOf(r), r.channel()))
            .collect(Collectors.toSet());
    if (!touched.isEmpty()
        && toEvaluate.addAll(touched)
        && evaluationQueued.compareAndSet(false, true)) {
      // Coalesced: under a stream of batches each rollout is evaluated at most every half second,
      // not once per batch, so evaluation never competes with ingest for the database.
      evaluation.schedule(this::evaluateTouched, 500, TimeUnit.MILLISECONDS);
    }
  }

  private void evaluateTouched() {
    evaluationQueued.set(false);
    Set<RolloutEvaluator.Key> due = new java.util.HashSet<>(toEvaluate);
    toEvaluate.removeAll(due);
    evaluator.evaluate(due);
  }

  private ReportBatchWriter.Result writeWithRetry(Map<String, StatusReport> reports)
      throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        return writeOnce(reports);
      } catch (SQLException e) {
        // Another writer or instance stored some of these ids (or attempts) between our check and
        // insert; the retry's pre-check sees them and counts them as duplicates.
        if (!UNIQUE_VIOLATION.equals(e.getSQLState()) || attempt == 3) {
          throw e;
        }
      }
    }
  }

  private ReportBatchWriter.Result writeOnce(Map<String, StatusReport> reports)
      throws SQLException {
    Map<String, RolloutView> stages = new java.util.HashMap<>();
    snapshots
        .current()
        .rollouts()
        .values()
        .forEach(r -> stages.put(r.product() + '\u0000' + r.version() + '\u0000' + r.channel(), r));
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        ReportBatchWriter.Result result =
            ReportBatchWriter.write(
                connection,
                reports.values(),
                r -> {
                  RolloutView rollout =
                      stages.get(
                          r.product()
                              + '\u0000'
                              + ReportBatchWriter.releaseOf(r)
                              + '\u0000'
                              + r.channel());
                  return rollout == null ? 0 : rollout.stageIndex();
                },
                clock.instant());
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  private void count(ReportBatchWriter.Result result) {
    for (StatusReport r : result.attempts()) {
      metrics.attempt(r.product(), r.channel(), ReportBatchWriter.releaseOf(r));
    }
    CheckSnapshot snapshot = snapshots.current();
    for (StatusReport r : result.stored()) {
      metrics.report(r.status());
      String release = ReportBatchWriter.releaseOf(r);
      switch (r.status()) {
        case COMPLETED -> metrics.success(r.product(), r.channel(), release);
        case FAILED -> metrics.failure(r.product(), r.channel(), release);
        case ROLLED_BACK ->
            metrics.rollback(
                r.product(),
                r.channel(),
                release,
                r.rollbackReason() == null ? UpdateMetrics.UNSPECIFIED : r.rollbackReason().json());
        case RECALLED -> metrics.recall(r.product(), r.channel(), r.fromVersion(), r.version());
        case REFUSED -> {
          metrics.refusal(
              r.product(),
              r.channel(),
              snapshot.knowsRelease(r.product(), r.version())
                  ? r.version()
                  : UpdateMetrics.UNKNOWN_VERSION,
              r.refusal());
          if (r.refusal() == RefusalReason.FREEZE_SUSPECTED) {
            metrics.freezeSuspected(r.product(), r.channel());
          }
        }
        case IN_PROGRESS -> {}
      }
      if (r.status().isFinal() && r.status() != UpdateStatus.REFUSED) {
        times(r, release);
      }
    }
  }

  /** The attempt's total time by outcome, and each phase's time, when the report carries them. */
  private void times(StatusReport r, String release) {
    Double total = ReportBatchWriter.duration(r);
    if (total != null) {
      metrics.duration(r.product(), r.channel(), release, r.status(), seconds(total));
    }
    StatusDetails d = r.details();
    if (d == null) {
      return;
    }
    if (d.bytesDownloaded() != null && d.bytesFull() != null) {
      metrics.bytes(r.product(), r.channel(), release, d.bytesDownloaded(), d.bytesFull());
    }
    phase(r, release, UpdateMetrics.Phase.DOWNLOAD, d.downloadTime());
    phase(r, release, UpdateMetrics.Phase.INSTALL, d.installTime());
    phase(r, release, UpdateMetrics.Phase.MIGRATION, d.migrationTime());
  }

  private void phase(StatusReport r, String release, UpdateMetrics.Phase phase, Double time) {
    if (time != null) {
      metrics.phase(r.product(), r.channel(), release, phase, seconds(time));
    }
  }

  private static Duration seconds(double seconds) {
    return Duration.ofMillis(Math.round(seconds * 1000));
  }
}
