package org.openupdate.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import org.openupdate.server.check.ChannelView;
import org.openupdate.server.check.CheckSnapshot;
import org.openupdate.server.check.Placement;
import org.openupdate.server.check.ReleaseOffer;
import org.openupdate.server.check.SnapshotHolder.SnapshotReloaded;
import org.openupdate.server.rollout.RolloutState;
import org.openupdate.server.rollout.RolloutView;

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

  private final Map<String, Map<String, Counter>> checks = new ConcurrentHashMap<>();
  private final Set<String> registered = ConcurrentHashMap.newKeySet();
  private GaugeSet clients;
  private GaugeSet fleetClients;
  private GaugeSet rolloutPercentage;
  private GaugeSet rolloutHalted;
  private GaugeSet manifestExpiry;
  private Timer ingest;

  @PostConstruct
  void init() {
    clients =
        new GaugeSet(
            registry,
            "update.clients",
            "Clients seen within the stale window, per version they run");
    fleetClients =
        new GaugeSet(
            registry,
            "update.fleet.clients",
            "Clients per drift state: current, behind, on-pulled, stale");
    rolloutPercentage =
        new GaugeSet(registry, "update.rollout.percentage", "Current rollout stage percentage");
    rolloutHalted = new GaugeSet(registry, "update.rollout.halted", "1 when the rollout is halted");
    // Stored: the expiry's epoch second; scraped: seconds from now until it.
    manifestExpiry =
        new GaugeSet(
            registry,
            "update.manifest.expiry.seconds",
            "Seconds until a published manifest expires",
            expires -> expires - clock.millis() / 1000.0);
    ingest =
        Timer.builder("update.status.ingest")
            .description("Time to make one batch of status reports durable")
            .publishPercentileHistogram()
            .register(registry);
  }

  public void checked(String product, String channel) {
    checked(product, channel, 1);
  }

  /** Per product, then channel: no key string made per poll. */
  private void checked(String product, String channel, int amount) {
    checks
        .computeIfAbsent(product, p -> new ConcurrentHashMap<>())
        .computeIfAbsent(
            channel,
            c ->
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

  /**
   * Bytes an update fetched and what the full components would have cost; their difference is what
   * deltas saved ({@code update_bytes_full_total - update_bytes_downloaded_total}).
   */
  public void bytes(String product, String channel, String version, long downloaded, long full) {
    Tags tags = tags(product, channel, version);
    bytesDownloaded(tags).increment(downloaded);
    bytesFull(tags).increment(full);
  }

  private Counter bytesDownloaded(Tags tags) {
    return counter("update.bytes.downloaded", "Bytes updates fetched, deltas included", tags);
  }

  private Counter bytesFull(Tags tags) {
    return counter("update.bytes.full", "Bytes updates would have fetched without deltas", tags);
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
    Map<Tags, Double> values = new HashMap<>();
    counts.forEach(
        c -> values.put(tags(c.product(), c.channel(), c.version()), (double) c.clients()));
    clients.update(values);
  }

  /** One row per (product, channel, drift state) with its client count. */
  public record DriftCount(String product, String channel, String drift, long clients) {}

  public void fleetClients(List<DriftCount> counts) {
    Map<Tags, Double> values = new HashMap<>();
    counts.forEach(
        c ->
            values.put(
                Tags.of("product", c.product(), "channel", c.channel(), "drift", c.drift()),
                (double) c.clients()));
    fleetClients.update(values);
  }

  /**
   * Follows the snapshot by difference, one reload at a time: the rollout and expiry series of the
   * releases that matter now (see {@link #live}), the others removed.
   */
  synchronized void onSnapshot(@Observes SnapshotReloaded event) {
    CheckSnapshot snapshot = event.snapshot();
    Set<Placement> live = live(snapshot);
    registerAtZero(snapshot);
    Map<Tags, Double> percentage = new HashMap<>();
    Map<Tags, Double> halted = new HashMap<>();
    for (RolloutView r : snapshot.rollouts().values()) {
      if (live.contains(new Placement(r.product(), r.channel(), r.version()))) {
        Tags tags = tags(r.product(), r.channel(), r.version());
        percentage.put(tags, (double) r.percentage());
        halted.put(tags, r.halted() ? 1.0 : 0.0);
      }
    }
    rolloutPercentage.update(percentage);
    rolloutHalted.update(halted);
    Map<Tags, Double> expiry = new HashMap<>();
    snapshot.offersByProductChannel().values().stream()
        .flatMap(List::stream)
        .filter(o -> o.expires() != null)
        .filter(o -> live.contains(new Placement(o.product(), o.channel(), o.version().toString())))
        .forEach(
            o ->
                expiry.put(
                    tags(o.product(), o.channel(), o.version().toString()),
                    (double) o.expires().getEpochSecond()));
    manifestExpiry.update(expiry);
  }

  /**
   * The releases whose rollout and expiry gauges are shown: each channel's head (its newest offer)
   * and every rollout still under way. A catalog of thousands of finished releases costs the series
   * of its channels' heads, not of its releases.
   */
  private static Set<Placement> live(CheckSnapshot snapshot) {
    Set<Placement> live = new HashSet<>(underWay(snapshot));
    for (List<ReleaseOffer> offers : snapshot.offersByProductChannel().values()) {
      offers.stream()
          .max(Comparator.comparing(ReleaseOffer::version))
          .ifPresent(
              o -> live.add(new Placement(o.product(), o.channel(), o.version().toString())));
    }
    return live;
  }

  /** Rollouts below 100 %, paused, halted or awaiting approval. */
  private static Set<Placement> underWay(CheckSnapshot snapshot) {
    Set<Placement> underWay = new HashSet<>();
    for (RolloutView r : snapshot.rollouts().values()) {
      if (r.state() != RolloutState.ACTIVE || r.percentage() < 100) {
        underWay.add(new Placement(r.product(), r.channel(), r.version()));
      }
    }
    return underWay;
  }

  /**
   * The (product, channel, version) series reports can move now: under each channel, the newest
   * release its clients are offered (its own or a followed channel's), and every rollout under way
   * under its channel and each channel following it (their clients report under their own channel).
   * Older releases get their series with their first report.
   */
  private Set<Tags> reportable(CheckSnapshot snapshot) {
    Map<Placement, RolloutView> rollouts = new HashMap<>();
    snapshot
        .rollouts()
        .values()
        .forEach(r -> rollouts.put(new Placement(r.product(), r.channel(), r.version()), r));
    List<Map.Entry<Tags, Instant>> heads = new ArrayList<>();
    for (Map<String, ChannelView> channels : snapshot.channelsByProduct().values()) {
      for (ChannelView channel : channels.values()) {
        List<ReleaseOffer> candidates = snapshot.candidates(channel);
        if (!candidates.isEmpty()) {
          ReleaseOffer head = candidates.get(0);
          RolloutView rollout =
              rollouts.get(
                  new Placement(head.product(), head.channel(), head.version().toString()));
          heads.add(
              Map.entry(
                  tags(channel.product(), channel.name(), head.version().toString()),
                  rollout == null || rollout.stageStartedAt() == null
                      ? Instant.EPOCH
                      : rollout.stageStartedAt()));
        }
      }
    }
    Set<Tags> reportable = new HashSet<>();
    heads.stream()
        .sorted(Map.Entry.<Tags, Instant>comparingByValue().reversed())
        .limit(config.zeroSeriesHeads())
        .forEach(e -> reportable.add(e.getKey()));
    for (Placement placement : underWay(snapshot)) {
      for (ChannelView reporting : reportingChannels(snapshot, placement)) {
        reportable.add(tags(placement.product(), reporting.name(), placement.version()));
      }
    }
    return reportable;
  }

  /**
   * Creates, at 0, every series reports can move now ({@link #reportable}). Registered once per
   * series and instance.
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
    for (Tags tags : reportable(snapshot)) {
      if (!registered.add("release\u0000" + tags)) {
        continue;
      }
      attempts(tags);
      success(tags);
      failures(tags);
      bytesDownloaded(tags);
      bytesFull(tags);
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
