package org.openupdate.server.notify;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.openupdate.manifest.Version;

/**
 * Raises the events no single change causes: rollbacks or refusals of a release spiking, a live
 * manifest close to its expiry, clients left behind. Each is raised once per key (a spike once per
 * window, an expiry once per publication, drift once a day), however many instances look.
 */
@ApplicationScoped
public class FleetWatch {

  private static final Logger LOG = Logger.getLogger(FleetWatch.class);
  private static final int SAMPLE = 10;

  @Inject DataSource dataSource;
  @Inject Clock clock;
  @Inject NotifyConfig config;
  @Inject Outbox outbox;

  @Scheduled(
      every = "${openupdate.notify.watch.interval:5m}",
      delayed = "30s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    try {
      watch();
    } catch (SQLException | RuntimeException e) {
      LOG.warnf("notification watch failed, tried again at the next interval: %s", e.getMessage());
    }
  }

  /** Looks once; returns how many events it raised. */
  public int watch() throws SQLException {
    Instant now = clock.instant();
    int raised = 0;
    try (Connection connection = dataSource.getConnection()) {
      raised += rollbacks(connection, now);
      raised += refusals(connection, now);
      raised += expiring(connection, now);
      raised += drift(connection, now);
    }
    return raised;
  }

  private int rollbacks(Connection connection, Instant now) throws SQLException {
    NotifyConfig.Watch watch = config.watch();
    long bucket = bucket(now, watch.spikeWindow());
    int raised = 0;
    for (Object[] row :
        rows(
            connection,
            "select product, from_version, count(*) from status_reports"
                + " where status = 'rolled-back' and from_version is not null and received_at >= ?"
                + " group by product, from_version having count(*) >= ?",
            Timestamp.from(now.minus(watch.spikeWindow())),
            watch.rollbacksThreshold())) {
      String product = (String) row[0];
      String version = (String) row[1];
      if (outbox.recordOnce(
          product,
          "fleet.rollbacks-spiking:" + product + ":" + version + ":" + bucket,
          new EventData.RollbacksSpiking(
              version,
              ((Number) row[2]).longValue(),
              watch.rollbacksThreshold(),
              watch.spikeWindow().toMinutes()))) {
        raised++;
      }
    }
    return raised;
  }

  private int refusals(Connection connection, Instant now) throws SQLException {
    NotifyConfig.Watch watch = config.watch();
    Timestamp since = Timestamp.from(now.minus(watch.spikeWindow()));
    long bucket = bucket(now, watch.spikeWindow());
    int raised = 0;
    for (Object[] row :
        rows(
            connection,
            "select product, version, count(*) from status_reports"
                + " where status = 'refused' and received_at >= ?"
                + " group by product, version having count(*) >= ?",
            since,
            watch.refusalsThreshold())) {
      String product = (String) row[0];
      String version = (String) row[1];
      List<EventData.Failure> reasons = new ArrayList<>();
      for (Object[] reason :
          rows(
              connection,
              "select refusal, count(*) from status_reports where status = 'refused'"
                  + " and product = ? and version = ? and received_at >= ?"
                  + " group by refusal order by count(*) desc fetch first 5 rows only",
              product,
              version,
              since)) {
        reasons.add(
            new EventData.Failure(
                reason[0] == null ? "unknown" : (String) reason[0],
                ((Number) reason[1]).longValue()));
      }
      if (outbox.recordOnce(
          product,
          "fleet.refusals-spiking:" + product + ":" + version + ":" + bucket,
          new EventData.RefusalsSpiking(
              version,
              ((Number) row[2]).longValue(),
              watch.refusalsThreshold(),
              watch.spikeWindow().toMinutes(),
              reasons))) {
        raised++;
      }
    }
    return raised;
  }

  private int expiring(Connection connection, Instant now) throws SQLException {
    int raised = 0;
    for (Object[] row :
        rows(
            connection,
            "select p.name, r.version, c.name, r.expires_at, pub.id from publications pub"
                + " join releases r on r.id = pub.release_id"
                + " join products p on p.id = r.product_id join channels c on c.id ="
                + " pub.channel_id where pub.pulled_at is null and r.expires_at is not null"
                + " and r.expires_at <= ?",
            Timestamp.from(now.plus(config.watch().expiringWithin())))) {
      Instant expires = instant(row[3]);
      long daysLeft = Math.max(0, Duration.between(now, expires).toDays());
      if (outbox.recordOnce(
          (String) row[0],
          "manifest.expiring:" + row[4] + ":" + expires,
          new EventData.Expiring((String) row[1], (String) row[2], expires, daysLeft))) {
        raised++;
      }
    }
    return raised;
  }

  /**
   * Per product and channel: clients seen recently that run a version older than a release live on
   * their channel since before {@code driftAfter}, or a version pulled from it before then. The
   * database counts clients per version; each version is judged once, so a scan of a million
   * clients costs a grouped query, not a million comparisons with every release.
   */
  private int drift(Connection connection, Instant now) throws SQLException {
    Instant before = now.minus(config.watch().driftAfter());
    Map<String, DriftRule> rules = new HashMap<>();
    for (Object[] row :
        rows(
            connection,
            "select p.name, c.name, r.version, pub.published_at, pub.pulled_at"
                + " from publications pub join releases r on r.id = pub.release_id"
                + " join products p on p.id = r.product_id"
                + " join channels c on c.id = pub.channel_id")) {
      Version version = parse((String) row[2]);
      if (version != null) {
        rules
            .computeIfAbsent(row[0] + "\u0000" + row[1], k -> new DriftRule(before))
            .add(version, instant(row[3]), instant(row[4]));
      }
    }
    Timestamp seenSince = Timestamp.from(before);
    Map<String, long[]> counts = new HashMap<>();
    Map<String, List<String>> drifting = new HashMap<>();
    for (Object[] group :
        rows(
            connection,
            "select product, channel, version, count(*) from fleet_clients where last_seen >= ?"
                + " group by product, channel, version",
            seenSince)) {
      String key = group[0] + "\u0000" + group[1];
      DriftRule rule = rules.get(key);
      Version running = parse((String) group[2]);
      Optional<DriftRule.Verdict> verdict =
          rule == null || running == null ? Optional.empty() : rule.judge(running);
      if (verdict.isPresent()) {
        counts.computeIfAbsent(key, k -> new long[2])[verdict.get().ordinal()] +=
            ((Number) group[3]).longValue();
        drifting.computeIfAbsent(key, k -> new ArrayList<>()).add((String) group[2]);
      }
    }
    LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
    int raised = 0;
    for (Map.Entry<String, long[]> entry : counts.entrySet()) {
      String[] productChannel = entry.getKey().split("\u0000");
      if (outbox.recordOnce(
          productChannel[0],
          "fleet.drift:" + productChannel[0] + ":" + productChannel[1] + ":" + day,
          new EventData.Drift(
              productChannel[1],
              rules.get(entry.getKey()).head().map(Version::toString).orElse(null),
              entry.getValue()[DriftRule.Verdict.BEHIND.ordinal()],
              entry.getValue()[DriftRule.Verdict.ON_PULLED.ordinal()],
              config.watch().driftAfter().toHours(),
              sample(
                  connection,
                  productChannel[0],
                  productChannel[1],
                  drifting.get(entry.getKey()),
                  seenSince)))) {
        raised++;
      }
    }
    return raised;
  }

  /** The first client ids (in order) among those running one of the drifting versions. */
  private static List<String> sample(
      Connection connection, String product, String channel, List<String> versions, Timestamp since)
      throws SQLException {
    List<Object> parameters = new ArrayList<>(List.of(product, channel, since));
    parameters.addAll(versions);
    List<String> sample = new ArrayList<>();
    for (Object[] row :
        rows(
            connection,
            "select client_id from fleet_clients where product = ? and channel = ?"
                + " and last_seen >= ? and version in ("
                + String.join(", ", Collections.nCopies(versions.size(), "?"))
                + ") order by client_id fetch first "
                + SAMPLE
                + " rows only",
            parameters.toArray())) {
      sample.add((String) row[0]);
    }
    return sample;
  }

  private static Version parse(String version) {
    try {
      return Version.parse(version);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Windows aligned on the epoch: a spike that lasts raises one event per window. */
  private static long bucket(Instant now, Duration window) {
    return now.toEpochMilli() / Math.max(1, window.toMillis());
  }

  private static List<Object[]> rows(Connection connection, String sql, Object... parameters)
      throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rs = statement.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          Object[] row = new Object[columns];
          for (int c = 0; c < columns; c++) {
            row[c] = rs.getObject(c + 1);
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  private static Instant instant(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Timestamp t) {
      return t.toInstant();
    }
    if (value instanceof java.time.OffsetDateTime o) {
      return o.toInstant();
    }
    if (value instanceof Instant i) {
      return i;
    }
    throw new IllegalStateException("not a time: " + value.getClass());
  }
}
