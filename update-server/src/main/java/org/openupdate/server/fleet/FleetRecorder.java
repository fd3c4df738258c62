package org.openupdate.server.fleet;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.openupdate.server.fleet.SightingBuffer.Batch;

/**
 * Last-seen versions, written behind. A poll only touches {@link SightingBuffer}: nothing at all
 * when this instance already wrote the client's profile within the last-seen resolution, else one
 * pending entry (the newest per client wins). A flusher thread writes the pending clients as
 * batched upserts every flush interval, or as soon as {@link FleetConfig#flushSize()} are waiting.
 * A sighting is shed only when {@link FleetConfig#maxPending()} are waiting (the database keeps up
 * too slowly): counted in {@code update_fleet_sightings_shed_total} and logged once a minute.
 */
@ApplicationScoped
public class FleetRecorder {

  private static final Logger LOG = Logger.getLogger(FleetRecorder.class);

  /** Distinct (product, channel, version, platform, agent version) remembered at once. */
  private static final int MAX_PROFILES = 65_536;

  @Inject DataSource dataSource;
  @Inject FleetConfig config;
  @Inject MeterRegistry registry;
  @Inject Clock clock;

  private SightingBuffer buffer;
  private FleetWriter writer;
  private final ReentrantLock flushing = new ReentrantLock();
  private final Object wake = new Object();
  private boolean due;
  private volatile boolean stopping;
  private Thread flusher;

  private ShedLog shedLog;

  @PostConstruct
  void init() {
    buffer =
        new SightingBuffer(
            config.maxPending(),
            config.flushSize(),
            config.knownClients(),
            MAX_PROFILES,
            config.lastSeenResolution().toSeconds());
    writer = new FleetWriter(dataSource);
    shedLog = new ShedLog(config.maxPending());
    FunctionCounter.builder("update.fleet.sightings.shed", buffer, SightingBuffer::shed)
        .description("Check sightings not recorded because too many were waiting to be written")
        .register(registry);
    Gauge.builder("update.fleet.sightings.pending", buffer, SightingBuffer::pending)
        .description("Clients whose sighting waits to be written")
        .register(registry);
  }

  void onStart(@Observes StartupEvent event) {
    flusher = new Thread(this::flushLoop, "fleet-flusher");
    flusher.setDaemon(true);
    flusher.start();
  }

  /** Writes what is pending before the process ends: a graceful stop loses no sighting. */
  void onStop(@Observes ShutdownEvent event) {
    stopping = true;
    synchronized (wake) {
      wake.notifyAll();
    }
    try {
      flusher.join(TimeUnit.SECONDS.toMillis(30));
      flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      LOG.warn("fleet sightings not written at shutdown: " + e.getMessage());
    }
  }

  public void seen(Sighting s) {
    seen(
        s.clientId(),
        s.product(),
        s.channel(),
        s.version(),
        s.platform(),
        s.agentVersion(),
        s.dismissedVersions(),
        s.scheduledVersion(),
        s.scheduledAt(),
        s.at().toEpochMilli());
  }

  /**
   * The check's path: no object made for a client this instance knows.
   *
   * @param dismissedVersions comma separated (X-Dismissed-Versions); null when none
   * @param scheduledVersion the install a person scheduled (X-Scheduled-Install), at {@code
   *     scheduledAt}; both null when none
   */
  public void seen(
      String clientId,
      String product,
      String channel,
      String version,
      String platform,
      String agentVersion,
      String dismissedVersions,
      String scheduledVersion,
      Instant scheduledAt,
      long atMillis) {
    switch (buffer.offer(
        clientId,
        product,
        channel,
        version,
        platform,
        agentVersion,
        dismissedVersions,
        scheduledVersion,
        scheduledAt,
        atMillis)) {
      case FLUSH_DUE -> {
        synchronized (wake) {
          due = true;
          wake.notifyAll();
        }
      }
      case SHED -> logShedOncePerMinute();
      default -> {}
    }
  }

  /**
   * Writes every pending sighting now; those a failure leaves unwritten stay pending unless a newer
   * one replaced them.
   *
   * @return the clients written
   */
  public int flush() throws SQLException {
    flushing.lock();
    try {
      Batch batch = buffer.drain();
      if (batch.size() > 0) {
        writer.write(batch, buffer);
      }
      return batch.size();
    } finally {
      flushing.unlock();
    }
  }

  private void flushLoop() {
    long interval = config.flushInterval().toMillis();
    while (!stopping) {
      boolean failed = false;
      try {
        flush();
      } catch (SQLException | RuntimeException e) {
        failed = true;
        LOG.warn("fleet flush failed, sightings kept for the next one: " + e.getMessage());
      }
      logShedOncePerMinute();
      synchronized (wake) {
        // After a failure, wait the whole interval: a full buffer would otherwise retry at once.
        if ((!due || failed) && !stopping) {
          try {
            wake.wait(interval);
          } catch (InterruptedException e) {
            return;
          }
        }
        due = false;
      }
    }
  }

  private void logShedOncePerMinute() {
    shedLog.due(buffer.shed(), clock.millis()).ifPresent(LOG::warn);
  }
}
