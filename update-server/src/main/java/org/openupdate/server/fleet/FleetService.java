package org.openupdate.server.fleet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.openupdate.manifest.Version;
import org.openupdate.server.fleet.FleetViews.ChannelSummary;
import org.openupdate.server.fleet.FleetViews.DriftCounts;
import org.openupdate.server.fleet.FleetViews.FleetClient;
import org.openupdate.server.fleet.FleetViews.FleetMachine;
import org.openupdate.server.fleet.FleetViews.FleetPage;
import org.openupdate.server.fleet.FleetViews.FleetSummary;
import org.openupdate.server.fleet.FleetViews.LastReport;
import org.openupdate.server.fleet.FleetViews.Report;
import org.openupdate.server.fleet.FleetViews.ScheduledInstall;
import org.openupdate.server.fleet.FleetViews.VersionCount;

/**
 * The fleet as operators read it: pages of clients with their drift, one machine with its reports,
 * and counts per channel. Plain JDBC: the page query is built from the filters given, and must stay
 * an index walk over a table of millions of clients.
 */
@ApplicationScoped
public class FleetService {

  private static final String CLIENT_COLUMNS =
      "select f.client_id, f.product, f.channel, f.version, f.agent_version, f.platform,"
          + " f.first_seen, f.last_seen, f.dismissed_versions, f.scheduled_version,"
          + " f.scheduled_at from fleet_clients f";

  @Inject DataSource dataSource;
  @Inject FleetConfig config;
  @Inject Clock clock;

  /**
   * Clients in (client id, product) order after the filter's cursor. Every filter is a condition on
   * fleet_clients' own columns: a drift state becomes the set of versions in that state (read from
   * the small fleet_versions table), so no page counts or scans the whole table.
   */
  public FleetPage page(FleetFilter filter) throws SQLException {
    Instant staleBefore = staleBefore();
    try (Connection connection = dataSource.getConnection()) {
      FleetHeads heads = FleetHeads.load(connection, filter.product());
      StringBuilder sql = new StringBuilder(CLIENT_COLUMNS).append(" where 1 = 1");
      List<Object> params = new ArrayList<>();
      equal(sql, params, "f.product", filter.product());
      equal(sql, params, "f.channel", filter.channel());
      equal(sql, params, "f.version", filter.version());
      equal(sql, params, "f.platform", filter.platform());
      if (filter.prefix() != null) {
        // A range on the primary key's leading column, so the index answers it (LIKE would not
        // use it under every collation).
        sql.append(" and f.client_id >= ? and f.client_id < ?");
        params.add(filter.prefix());
        params.add(prefixEnd(filter.prefix()));
      }
      if (filter.after() != null) {
        sql.append(" and (f.client_id, f.product) > (?, ?)");
        params.add(filter.after().clientId());
        params.add(filter.after().product());
      }
      if (filter.state() == Drift.STALE) {
        sql.append(" and f.last_seen < ?");
        params.add(Timestamp.from(staleBefore));
      } else if (filter.state() != null) {
        Map<String, List<String>> versions = versionsIn(connection, heads, filter);
        if (versions.isEmpty()) {
          return new FleetPage(List.of(), null);
        }
        sql.append(" and f.last_seen >= ? and (");
        params.add(Timestamp.from(staleBefore));
        String or = "";
        for (Map.Entry<String, List<String>> entry : versions.entrySet()) {
          String[] productChannel = entry.getKey().split("\u0000");
          sql.append(or)
              .append("(f.product = ? and f.channel = ? and f.version in (")
              .append(placeholders(entry.getValue().size()))
              .append("))");
          params.add(productChannel[0]);
          params.add(productChannel[1]);
          params.addAll(entry.getValue());
          or = " or ";
        }
        sql.append(')');
      }
      sql.append(" order by f.client_id, f.product limit ?");
      // One more than asked: whether it exists tells if there is a next page, without a count.
      params.add(filter.limit() + 1);
      List<ClientRow> rows = clients(connection, sql.toString(), params);
      boolean more = rows.size() > filter.limit();
      if (more) {
        rows = rows.subList(0, filter.limit());
      }
      List<FleetClient> clients = views(connection, rows, heads, staleBefore);
      ClientRow last = more ? rows.get(rows.size() - 1) : null;
      return new FleetPage(
          clients, last == null ? null : new Cursor(last.clientId(), last.product()).encode());
    }
  }

  /**
   * One machine: its state for each product it checks for and its newest {@code reportLimit}
   * reports; empty when the server has neither seen it nor received a report from it.
   *
   * @param product only this product, or every product when null
   */
  public Optional<FleetMachine> machine(String clientId, String product, int reportLimit)
      throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      StringBuilder sql = new StringBuilder(CLIENT_COLUMNS).append(" where f.client_id = ?");
      List<Object> params = new ArrayList<>(List.of(clientId));
      equal(sql, params, "f.product", product);
      sql.append(" order by f.product");
      List<ClientRow> rows = clients(connection, sql.toString(), params);
      List<Report> reports = reports(connection, clientId, product, reportLimit);
      if (rows.isEmpty() && reports.isEmpty()) {
        return Optional.empty();
      }
      FleetHeads heads = FleetHeads.load(connection, product);
      return Optional.of(
          new FleetMachine(clientId, views(connection, rows, heads, staleBefore()), reports));
    }
  }

  /**
   * Clients per channel, per version and per drift state, from one grouped scan of fleet_clients.
   *
   * @param product only this product, or every product when null
   */
  public FleetSummary summary(String product) throws SQLException {
    Instant staleBefore = staleBefore();
    Map<String, Map<String, Long>> freshByChannel = new TreeMap<>();
    Map<String, Long> staleByChannel = new HashMap<>();
    FleetHeads heads;
    try (Connection connection = dataSource.getConnection()) {
      heads = FleetHeads.load(connection, product);
      try (PreparedStatement statement =
          connection.prepareStatement(
              "select product, channel, version, fresh, count(*) from (select product, channel,"
                  + " version, case when last_seen >= ? then 1 else 0 end as fresh from"
                  + " fleet_clients"
                  + (product == null ? "" : " where product = ?")
                  + ") t group by product, channel, version, fresh")) {
        statement.setTimestamp(1, Timestamp.from(staleBefore));
        if (product != null) {
          statement.setString(2, product);
        }
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            String key = rs.getString(1) + '\u0000' + rs.getString(2);
            Map<String, Long> versions = freshByChannel.computeIfAbsent(key, k -> new HashMap<>());
            if (rs.getInt(4) == 1) {
              versions.merge(rs.getString(3), rs.getLong(5), Long::sum);
            } else {
              staleByChannel.merge(key, rs.getLong(5), Long::sum);
            }
          }
        }
      }
    }
    List<ChannelSummary> channels = new ArrayList<>();
    freshByChannel.forEach(
        (key, versions) -> {
          String[] productChannel = key.split("\u0000");
          channels.add(
              channel(
                  productChannel[0],
                  productChannel[1],
                  heads.of(productChannel[0], productChannel[1]),
                  versions,
                  staleByChannel.getOrDefault(key, 0L)));
        });
    return new FleetSummary(config.staleAfter().toSeconds(), channels);
  }

  private static ChannelSummary channel(
      String product, String channel, ChannelHeads heads, Map<String, Long> versions, long stale) {
    long[] byDrift = new long[Drift.values().length];
    byDrift[Drift.STALE.ordinal()] = stale;
    List<VersionCount> counts = new ArrayList<>();
    versions.forEach(
        (version, clients) -> {
          Standing standing = heads.classify(Version.parse(version));
          byDrift[standing.drift().ordinal()] += clients;
          counts.add(
              new VersionCount(
                  version, clients, standing.drift(), standing.releasesBehindOrNull()));
        });
    counts.sort(
        Comparator.comparingLong(VersionCount::clients)
            .reversed()
            .thenComparing(VersionCount::version));
    return new ChannelSummary(
        product,
        channel,
        heads.head().map(Version::toString).orElse(null),
        Arrays.stream(byDrift).sum(),
        new DriftCounts(
            byDrift[Drift.CURRENT.ordinal()],
            byDrift[Drift.BEHIND.ordinal()],
            byDrift[Drift.ON_PULLED.ordinal()],
            byDrift[Drift.STALE.ordinal()]),
        counts);
  }

  private Instant staleBefore() {
    return clock.instant().minus(config.staleAfter());
  }

  /**
   * The versions, per product and channel, whose clients are in the filter's drift state when seen
   * recently: fleet_versions holds every version the fleet runs, a few rows per channel.
   */
  private static Map<String, List<String>> versionsIn(
      Connection connection, FleetHeads heads, FleetFilter filter) throws SQLException {
    StringBuilder sql =
        new StringBuilder("select product, channel, version from fleet_versions where 1 = 1");
    List<Object> params = new ArrayList<>();
    equal(sql, params, "product", filter.product());
    equal(sql, params, "channel", filter.channel());
    equal(sql, params, "version", filter.version());
    Map<String, List<String>> matching = new LinkedHashMap<>();
    try (PreparedStatement statement = prepare(connection, sql.toString(), params);
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        String product = rs.getString(1);
        String channel = rs.getString(2);
        String version = rs.getString(3);
        if (heads.of(product, channel).classify(Version.parse(version)).drift() == filter.state()) {
          matching
              .computeIfAbsent(product + '\u0000' + channel, k -> new ArrayList<>())
              .add(version);
        }
      }
    }
    return matching;
  }

  private List<FleetClient> views(
      Connection connection, List<ClientRow> rows, FleetHeads heads, Instant staleBefore)
      throws SQLException {
    Map<String, LastReport> lastReports = lastReports(connection, rows);
    List<FleetClient> views = new ArrayList<>(rows.size());
    for (ClientRow row : rows) {
      ChannelHeads channel = heads.of(row.product(), row.channel());
      Standing standing =
          row.lastSeen().isBefore(staleBefore)
              ? Standing.STALE
              : channel.classify(Version.parse(row.version()));
      views.add(
          new FleetClient(
              row.clientId(),
              row.product(),
              row.channel(),
              row.version(),
              row.agentVersion(),
              row.platform(),
              row.firstSeen(),
              row.lastSeen(),
              standing.drift(),
              standing.releasesBehindOrNull(),
              channel.head().map(Version::toString).orElse(null),
              lastReports.get(row.clientId() + '\u0000' + row.product()),
              row.dismissedVersions() == null
                  ? List.of()
                  : List.of(row.dismissedVersions().split(",")),
              row.scheduledVersion() == null
                  ? null
                  : new ScheduledInstall(row.scheduledVersion(), row.scheduledAt())));
    }
    return views;
  }

  /**
   * Each client's newest report for its product: one index probe per client (a page holds at most a
   * few hundred), where one query over all their reports would read their whole history.
   */
  private static Map<String, LastReport> lastReports(Connection connection, List<ClientRow> rows)
      throws SQLException {
    Map<String, LastReport> last = new HashMap<>();
    if (rows.isEmpty()) {
      return last;
    }
    try (PreparedStatement statement =
        connection.prepareStatement(
            "select status, version, received_at, errors from status_reports"
                + " where client_id = ? and product = ? order by received_at desc, id desc"
                + " limit 1")) {
      for (ClientRow row : rows) {
        statement.setString(1, row.clientId());
        statement.setString(2, row.product());
        try (ResultSet rs = statement.executeQuery()) {
          if (rs.next()) {
            List<String> errors = errors(rs.getString(4));
            last.put(
                row.clientId() + '\u0000' + row.product(),
                new LastReport(
                    rs.getString(1),
                    rs.getString(2),
                    instant(rs.getTimestamp(3)),
                    errors.isEmpty() ? null : errors.get(0)));
          }
        }
      }
    }
    return last;
  }

  private static List<Report> reports(
      Connection connection, String clientId, String product, int limit) throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "select report_id, product, channel, from_version, version, status, phase,"
                + " reported_at, received_at, errors from status_reports where client_id = ?");
    List<Object> params = new ArrayList<>(List.of(clientId));
    equal(sql, params, "product", product);
    sql.append(" order by received_at desc, id desc limit ?");
    params.add(limit);
    List<Report> reports = new ArrayList<>();
    try (PreparedStatement statement = prepare(connection, sql.toString(), params);
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        reports.add(
            new Report(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                instant(rs.getTimestamp(8)),
                instant(rs.getTimestamp(9)),
                errors(rs.getString(10))));
      }
    }
    return reports;
  }

  private static List<ClientRow> clients(Connection connection, String sql, List<Object> params)
      throws SQLException {
    List<ClientRow> rows = new ArrayList<>();
    try (PreparedStatement statement = prepare(connection, sql, params);
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        rows.add(
            new ClientRow(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                instant(rs.getTimestamp(7)),
                instant(rs.getTimestamp(8)),
                rs.getString(9),
                rs.getString(10),
                instant(rs.getTimestamp(11))));
      }
    }
    return rows;
  }

  /** The status writer joins a report's errors with newlines. */
  static List<String> errors(String stored) {
    return stored == null || stored.isEmpty() ? List.of() : List.of(stored.split("\n"));
  }

  /**
   * The smallest string above every string that starts with {@code prefix}: client ids are ASCII,
   * so raising the last character is enough.
   */
  static String prefixEnd(String prefix) {
    return prefix.substring(0, prefix.length() - 1)
        + (char) (prefix.charAt(prefix.length() - 1) + 1);
  }

  private static void equal(StringBuilder sql, List<Object> params, String column, String value) {
    if (value != null) {
      sql.append(" and ").append(column).append(" = ?");
      params.add(value);
    }
  }

  private static PreparedStatement prepare(Connection connection, String sql, List<Object> params)
      throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    try {
      for (int i = 0; i < params.size(); i++) {
        statement.setObject(i + 1, params.get(i));
      }
      return statement;
    } catch (SQLException e) {
      statement.close();
      throw e;
    }
  }

  private static String placeholders(int count) {
    return String.join(", ", java.util.Collections.nCopies(count, "?"));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  private record ClientRow(
      String clientId,
      String product,
      String channel,
      String version,
      String agentVersion,
      String platform,
      Instant firstSeen,
      Instant lastSeen,
      String dismissedVersions,
      String scheduledVersion,
      Instant scheduledAt) {}
}
