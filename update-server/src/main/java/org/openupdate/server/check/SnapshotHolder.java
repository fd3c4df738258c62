package org.openupdate.server.check;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * This instance's current snapshot; polls read it, never the database.
 *
 * <p>Every reload runs on one thread, and so does every {@link SnapshotReloaded} event: the gauges
 * that follow the snapshot are never updated from two threads at once, and a burst of changes (many
 * publishes at once) costs one or two reloads instead of one each, in turn. A change's own request
 * waits for the reload that includes it, at most {@link CheckConfig#rebuildWait()}, so the API's
 * caller can poll for it at once.
 */
@ApplicationScoped
public class SnapshotHolder {

  private static final Logger LOG = Logger.getLogger(SnapshotHolder.class);

  @Inject DataSource dataSource;
  @Inject CheckConfig config;
  @Inject Event<SnapshotReloaded> reloaded;

  private SnapshotRefresher refresher;
  private ExecutorService reloads;

  /** A reload asked for and not started yet: changes committed meanwhile join it. */
  private CompletableFuture<Void> queued;

  @PostConstruct
  void init() {
    refresher = new SnapshotRefresher(dataSource);
    reloads =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "snapshot-reload");
              thread.setDaemon(true);
              return thread;
            });
  }

  @PreDestroy
  void stop() {
    reloads.shutdownNow();
  }

  void onStart(@Observes StartupEvent event) throws SQLException, InterruptedException {
    // The scheduled refresh starts with the application too and may have loaded it already: only a
    // fingerprint that changed since loads again (a catalog of thousands costs a second a load).
    // Ready once the check can answer; the gauges follow on the same thread right after.
    long started = System.nanoTime();
    try {
      if (reloads.submit(refresher::refreshIfChanged).get()) {
        reloads.execute(() -> reloaded.fire(new SnapshotReloaded(refresher.current())));
      }
      LOG.infof(
          "Serving %d publications (snapshot ready after %d ms)",
          refresher.current().placements().size(), (System.nanoTime() - started) / 1_000_000);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      throw new IllegalStateException("first snapshot load failed", e.getCause());
    }
  }

  public CheckSnapshot current() {
    return refresher.current();
  }

  void afterLocalChange(
      @Observes(during = TransactionPhase.AFTER_SUCCESS) SnapshotInvalidated change) {
    try {
      reloadSoon().get(config.rebuildWait().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.infof(
          "snapshot reload after '%s' takes longer than %s: served as soon as it is done",
          change.why(), config.rebuildWait());
    } catch (ExecutionException e) {
      // The next refresh tick sees the changed fingerprint and tries again.
      LOG.warn("snapshot reload after '" + change.why() + "' failed: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized CompletableFuture<Void> reloadSoon() {
    if (queued != null) {
      return queued;
    }
    CompletableFuture<Void> reload = new CompletableFuture<>();
    queued = reload;
    reloads.execute(
        () -> {
          synchronized (this) {
            if (queued == reload) {
              queued = null;
            }
          }
          try {
            long started = System.nanoTime();
            refresher.rebuild();
            long loaded = System.nanoTime();
            reloaded.fire(new SnapshotReloaded(refresher.current()));
            logSlow(started, loaded);
            reload.complete(null);
          } catch (SQLException | RuntimeException e) {
            reload.completeExceptionally(e);
          }
        });
    return reload;
  }

  /** A reload the callers of changes notice: say where its time went. */
  private void logSlow(long started, long loaded) {
    long loadMillis = (loaded - started) / 1_000_000;
    long followMillis = (System.nanoTime() - loaded) / 1_000_000;
    if (loadMillis + followMillis >= 500) {
      LOG.infof(
          "snapshot reload took %d ms: %d ms to load %d publications, %d ms for the gauges",
          loadMillis + followMillis,
          loadMillis,
          refresher.current().placements().size(),
          followMillis);
    }
  }

  @Scheduled(
      every = "${openupdate.check.refresh-interval:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void refresh() throws InterruptedException {
    try {
      reloads.submit(this::refreshIfChanged).get();
    } catch (ExecutionException e) {
      // Keep serving the last good snapshot; the next tick retries.
      LOG.warn("snapshot refresh failed, serving the previous one: " + e.getCause().getMessage());
    }
  }

  /** Runs on the reload thread. */
  private Void refreshIfChanged() throws SQLException {
    long started = System.nanoTime();
    if (refresher.refreshIfChanged()) {
      long loaded = System.nanoTime();
      reloaded.fire(new SnapshotReloaded(refresher.current()));
      logSlow(started, loaded);
    }
    return null;
  }

  /** CDI event: a new snapshot is in place (metrics gauges follow it). */
  public record SnapshotReloaded(CheckSnapshot snapshot) {}
}
