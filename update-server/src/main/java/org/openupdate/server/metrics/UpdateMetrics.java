package org.openupdate.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openupdate.server.check.CheckSnapshot;
import org.openupdate.server.check.SnapshotHolder.SnapshotReloaded;

/**
 * The dashboard's metric names (brief-api.md). Labels are product, channel and version only, never
 * client ids, so cardinality stays bounded by the releases an operator publishes.
 */
@ApplicationScoped
public class UpdateMetrics {

  @Inject MeterRegistry registry;
  @Inject Clock clock;

  private final Map<String, Counter> checks = new ConcurrentHashMap<>();
  private MultiGauge clients;
  private MultiGauge rolloutPercentage;
  private MultiGauge rolloutHalted;
  private MultiGauge manifestExpiry;
  private Timer ingest;

  @PostConstruct
  void init() {
    clients =
        MultiGauge.builder("update.clients")
            .description("Clients last seen on a version")
            .register(registry);
    rolloutPercentage =
        MultiGauge.builder("update.rollout.percentage")
            .description("Current rollout stage percentage")
            .register(registry);
    rolloutHalted =
        MultiGauge.builder("update.rollout.halted")
            .description("1 when the rollout is halted")
            .register(registry);
    manifestExpiry =
        MultiGauge.builder("update.manifest.expiry.seconds")
            .description("Seconds until a published manifest expires")
            .register(registry);
    ingest =
        Timer.builder("update.status.ingest")
            .description("Time to make one batch of status reports durable")
            .publishPercentileHistogram()
            .register(registry);
  }

  public void checked(String product, String channel) {
    checks
        .computeIfAbsent(
            product + '\u0000' + channel,
            k ->
                Counter.builder("update.checks")
                    .tags("product", product, "channel", channel)
                    .register(registry))
        .increment();
  }

  public void attempt(String product, String channel, String version) {
    registry.counter("update.attempts", tags(product, channel, version)).increment();
  }

  public void success(String product, String channel, String version) {
    registry.counter("update.success", tags(product, channel, version)).increment();
  }

  public void failure(String product, String channel, String version) {
    registry.counter("update.failures", tags(product, channel, version)).increment();
  }

  public void rollback(String product, String channel, String version) {
    registry.counter("update.rollbacks", tags(product, channel, version)).increment();
  }

  public void report(String status) {
    registry.counter("update.status.reports", "status", status).increment();
  }

  public void duration(String product, String channel, String version, Duration duration) {
    Timer.builder("update.duration")
        .tags(tags(product, channel, version))
        .publishPercentileHistogram()
        .register(registry)
        .record(duration);
  }

  public void ingested(Duration batchTime) {
    ingest.record(batchTime);
  }

  /** One row per (product, channel, version) with its client count. */
  public record ClientCount(String product, String channel, String version, long clients) {}

  public void clients(List<ClientCount> counts) {
    clients.register(
        counts.stream()
            .map(c -> MultiGauge.Row.of(tags(c.product(), c.channel(), c.version()), c.clients()))
            .toList(),
        true);
  }

  void onSnapshot(@Observes SnapshotReloaded event) {
    CheckSnapshot snapshot = event.snapshot();
    rolloutPercentage.register(
        snapshot.rollouts().values().stream()
            .map(
                r -> MultiGauge.Row.of(tags(r.product(), r.channel(), r.version()), r.percentage()))
            .toList(),
        true);
    rolloutHalted.register(
        snapshot.rollouts().values().stream()
            .map(
                r ->
                    MultiGauge.Row.of(
                        tags(r.product(), r.channel(), r.version()), r.halted() ? 1 : 0))
            .toList(),
        true);
    manifestExpiry.register(
        snapshot.offersByProductChannel().values().stream()
            .flatMap(List::stream)
            .filter(o -> o.expires() != null)
            .map(
                o ->
                    MultiGauge.Row.of(
                        tags(o.product(), o.channel(), o.version().toString()),
                        o,
                        offer ->
                            Duration.between(clock.instant(), offer.expires()).toMillis() / 1000.0))
            .toList(),
        true);
  }

  private static Tags tags(String product, String channel, String version) {
    return Tags.of("product", product, "channel", channel, "version", version);
  }
}
