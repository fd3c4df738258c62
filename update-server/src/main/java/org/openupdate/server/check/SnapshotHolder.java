package org.openupdate.server.check;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/** This instance's current snapshot; polls read it, never the database. */
@ApplicationScoped
public class SnapshotHolder {

  private static final Logger LOG = Logger.getLogger(SnapshotHolder.class);

  @Inject DataSource dataSource;
  @Inject Event<SnapshotReloaded> reloaded;

  private SnapshotRefresher refresher;

  @PostConstruct
  void init() {
    refresher = new SnapshotRefresher(dataSource);
  }

  void onStart(@Observes StartupEvent event) throws SQLException {
    refresher.rebuild();
    reloaded.fire(new SnapshotReloaded(refresher.current()));
  }

  public CheckSnapshot current() {
    return refresher.current();
  }

  void afterLocalChange(
      @Observes(during = TransactionPhase.AFTER_SUCCESS) SnapshotInvalidated change)
      throws SQLException {
    refresher.rebuild();
    reloaded.fire(new SnapshotReloaded(refresher.current()));
  }

  @Scheduled(
      every = "${openupdate.check.refresh-interval:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void refresh() {
    try {
      if (refresher.refreshIfChanged()) {
        reloaded.fire(new SnapshotReloaded(refresher.current()));
      }
    } catch (SQLException e) {
      // Keep serving the last good snapshot; the next tick retries.
      LOG.warn("snapshot refresh failed, serving the previous one: " + e.getMessage());
    }
  }

  /** CDI event: a new snapshot is in place (metrics gauges follow it). */
  public record SnapshotReloaded(CheckSnapshot snapshot) {}
}
