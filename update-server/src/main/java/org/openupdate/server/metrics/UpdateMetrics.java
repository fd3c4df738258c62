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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.openupdate.manifest.RefusalReason;
import org.openupdate.manifest.RollbackReason;
import org.openupdate.manifest.UpdateStatus;
import org.openupdate.manifest.Version;
import org.openupdate.server.check.ChannelView;
import org.openupdate.server.check.CheckSnapshot;
import org.openupdate.server.check.Placement;
import org.openupdate.server.check.ReleaseOffer;
import org.openupdate.server.check.SnapshotHolder.SnapshotReloaded;

/**
 * The dashboard's metric names (brief-api.md). Labels are product, channel, version and a bounded
 * reason or outcome, never client ids, so cardinality stays bounded by the releases an operator
 * publishes.
 *
 * <p>Every series a report can move exists at 0 from the moment its release is on a channel (and
 * again after a restart): Prometheus' increase() and rate() need a sample before the first event,
 * or the first install of a release never shows on the dashboard.
 */
@ApplicationScoped
public class UpdateMetrics {

  @Inject MeterRegistry registry;
  @Inject MetricsConfig config;
  @Inject Clock clock;

  /** Update times from seconds to an hour; a day-long download lands in +Inf. */
  private static final Duration[] UPDATE_BUCKETS =
      Stream.of(1, 5, 15, 30, 60, 120, 300, 900, 1800, 3600)
          .map(Duration::ofSeconds)
          .toArray(Duration[]::new);

  /** Outcomes {@code update_duration_seconds} is recorded for. */
  private static final List<UpdateStatus> TIMED_OUTCOMES =
      List.of(
          UpdateStatus.COMPLETED,
          UpdateStatus.FAILED,
          UpdateStatus.ROLLED_BACK,
          UpdateStatus.RECALLED);

  /** Reported when an older agent sends a rollback without its reason. */
  public static final String UNSPECIFIED = "unspecified";

  /** The version label of refusals of a version this server never published: bounded. */
  public static final String UNKNOWN_VERSION = "unknown";

  private final Map<String, Counter> checks = new ConcurrentHashMap<>();
  private final Set<String> registered = ConcurrentHashMap.newKeySet();
  private MultiGauge clients;
  private MultiGauge fleetClients;
  private MultiGauge rolloutPercentage;
  private MultiGauge rolloutHalted;
  private MultiGauge manifestExpiry;
  private Timer ingest;

  @PostConstruct
  void init() {
    clients =
        MultiGauge.builder("update.clients")
            .description("Clients seen within the stale window, per version they run")
            .register(registry);
    fleetClients =
        MultiGauge.builder("update.fleet.clients")
            .description("Clients per drift state: current, behind, on-pulled, stale")
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
    checked(product, channel, 1);
  }

  private void checked(String product, String channel, int amount) {
    checks
        .computeIfAbsent(
            product + '\u0000' + channel,
            k ->
                Counter.builder("update.checks")
                    .tags("product", product, "channel", channel)
                    .register(registry))
        .increment(amount);
  }

  /** One more attempt of a release: a client's first report on it, or a new outcome of it. */
  public void attempt(String product, String channel, String version) {
    attempts(tags(product, channel, version)).increment();
  }

  public void success(String product, String channel, String version) {
    success(tags(product, channel, version)).increment();
  }

  public void failure(String product, String channel, String version) {
    failures(tags(product, channel, version)).increment();
  }

  /**
   * @param version the version left, which the rollback counts against
   * @param reason a {@link RollbackReason} code, or {@link #UNSPECIFIED}
   */
  public void rollback(String product, String channel, String version, String reason) {
    rollbacks(tags(product, channel, version), reason).increment();
  }

  /**
   * An offer the agent refused: counted apart, never as an attempt or a failure of the release.
   *
   * @param version the refused version, or {@link #UNKNOWN_VERSION}
   */
  public void refusal(String product, String channel, String version, RefusalReason reason) {
    refusals(tags(product, channel, version), reason.json()).increment();
  }

  /**
   * @param version the pulled version the client left
   * @param target the version the recall took it to
   */
  public void recall(String product, String channel, String version, String target) {
    recalls(tags(product, channel, version), target).increment();
  }

  /**
   * An agent of the channel suspects a freeze: no fresh timestamp of its channel could be had (the
   * manifest-schema README, "Freshness"). Also counted as a refusal with reason freeze-suspected.
   */
  public void freezeSuspected(String product, String channel) {
    freezes(product, channel).increment();
  }

  private Counter freezes(String product, String channel) {
    return Counter.builder("update.freeze.suspected")
        .description("Agents' reports that no fresh signed timestamp of their channel could be had")
        .tags("product", product, "channel", channel)
        .register(registry);
  }

  public void report(UpdateStatus status) {
    statusReports(status).increment();
  }

  /** Download plus install time of a finished attempt, by its outcome. */
  public void duration(
      String product, String channel, String version, UpdateStatus outcome, Duration duration) {
    histogram("update.duration", tags(product, channel, version).and("outcome", outcome.json()))
        .record(duration);
  }

  /**
   * One phase's time from a report's details: {@code download}, {@code install}, {@code migration}.
   */
  public void phase(String product, String channel, String version, Phase phase, Duration time) {
    histogram(phase.metric, tags(product, channel, version)).record(time);
  }

  /** The phases a report times, each its own histogram. */
  public enum Phase {
    DOWNLOAD("update.download"),
    INSTALL("update.install"),
    MIGRATION("update.migration");

    private final String metric;

    Phase(String metric) {
      this.metric = metric;
    }
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

  /** One row per (product, channel, drift state) with its client count. */
  public record DriftCount(String product, String channel, String drift, long clients) {}

  public void fleetClients(List<DriftCount> counts) {
    fleetClients.register(
        counts.stream()
            .map(
                c ->
                    MultiGauge.Row.of(
                        Tags.of("product", c.product(), "channel", c.channel(), "drift", c.drift()),
                        c.clients()))
            .toList(),
        true);
  }

  void onSnapshot(@Observes SnapshotReloaded event) {
    CheckSnapshot snapshot = event.snapshot();
    registerAtZero(snapshot);
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

  /**
   * Creates, at 0, every series reports on the snapshot's releases can move: for each release on a
   * channel (the newest {@link MetricsConfig#zeroSeriesReleases()} per channel), under that channel
   * and every channel that follows it (their clients report under their own channel). Registered
   * once per series and instance.
   */
  private void registerAtZero(CheckSnapshot snapshot) {
    for (UpdateStatus status : UpdateStatus.values()) {
      statusReports(status);
    }
    for (Map<String, ChannelView> channels : snapshot.channelsByProduct().values()) {
      for (ChannelView channel : channels.values()) {
        if (registered.add("checks\u0000" + channel.product() + '\u0000' + channel.name())) {
          checked(channel.product(), channel.name(), 0);
          freezes(channel.product(), channel.name());
        }
      }
    }
    for (Placement placement : newest(snapshot.placements())) {
      for (ChannelView reporting : reportingChannels(snapshot, placement)) {
        Tags tags = tags(placement.product(), reporting.name(), placement.version());
        if (!registered.add("release\u0000" + tags)) {
          continue;
        }
        attempts(tags);
        success(tags);
        failures(tags);
        for (RollbackReason reason : RollbackReason.values()) {
          rollbacks(tags, reason.json());
        }
        rollbacks(tags, UNSPECIFIED);
        for (RefusalReason reason : RefusalReason.values()) {
          refusals(tags, reason.json());
        }
        for (UpdateStatus outcome : TIMED_OUTCOMES) {
          histogram("update.duration", tags.and("outcome", outcome.json()));
        }
        for (Phase phase : Phase.values()) {
          histogram(phase.metric, tags);
        }
      }
    }
    snapshot.recallsByProductChannel().values().stream()
        .flatMap(List::stream)
        .forEach(
            recall -> {
              ReleaseOffer target = recall.target();
              Placement pulled =
                  new Placement(target.product(), target.channel(), recall.pulled().toString());
              for (ChannelView reporting : reportingChannels(snapshot, pulled)) {
                recalls(
                    tags(target.product(), reporting.name(), pulled.version()),
                    target.version().toString());
              }
            });
  }

  private List<Placement> newest(List<Placement> placements) {
    Map<String, List<Placement>> byChannel = new HashMap<>();
    placements.forEach(
        p ->
            byChannel
                .computeIfAbsent(p.product() + '\u0000' + p.channel(), k -> new ArrayList<>())
                .add(p));
    return byChannel.values().stream()
        .flatMap(
            list ->
                list.stream()
                    .sorted(
                        Comparator.comparing((Placement p) -> Version.parse(p.version()))
                            .reversed())
                    .limit(config.zeroSeriesReleases()))
        .toList();
  }

  /** The placement's channel and every channel whose chain includes it. */
  private static List<ChannelView> reportingChannels(CheckSnapshot snapshot, Placement placement) {
    Map<String, ChannelView> channels =
        snapshot.channelsByProduct().getOrDefault(placement.product(), Map.of());
    return channels.values().stream()
        .filter(c -> follows(channels, c, placement.channel()))
        .toList();
  }

  private static boolean follows(Map<String, ChannelView> channels, ChannelView from, String to) {
    Set<String> visited = new HashSet<>();
    for (ChannelView at = from;
        at != null && visited.add(at.name());
        at = at.follows() == null ? null : channels.get(at.follows())) {
      if (at.name().equals(to)) {
        return true;
      }
    }
    return false;
  }

  private Counter attempts(Tags tags) {
    return counter(
        "update.attempts", "Update attempts: first report of a client, or new outcome", tags);
  }

  private Counter success(Tags tags) {
    return counter("update.success", "Updates completed", tags);
  }

  private Counter failures(Tags tags) {
    return counter("update.failures", "Updates failed", tags);
  }

  private Counter rollbacks(Tags tags, String reason) {
    return counter(
        "update.rollbacks",
        "Rollbacks, counted against the version left",
        tags.and("reason", reason));
  }

  private Counter refusals(Tags tags, String reason) {
    return counter(
        "update.refusals",
        "Offers agents refused (not attempts): many point at a mirror or signing problem",
        tags.and("reason", reason));
  }

  private Counter recalls(Tags tags, String target) {
    return counter(
        "update.recalls",
        "Clients recalled from a pulled version (version) to an older one (target)",
        tags.and("target", target));
  }

  private Counter statusReports(UpdateStatus status) {
    return counter(
        "update.status.reports", "Status reports stored", Tags.of("status", status.json()));
  }

  private Counter counter(String name, String description, Tags tags) {
    return Counter.builder(name).description(description).tags(tags).register(registry);
  }

  private Timer histogram(String name, Tags tags) {
    return Timer.builder(name).tags(tags).serviceLevelObjectives(UPDATE_BUCKETS).register(registry);
  }

  private static Tags tags(String product, String channel, String version) {
    return Tags.of("product", product, "channel", channel, "version", version);
  }
}
