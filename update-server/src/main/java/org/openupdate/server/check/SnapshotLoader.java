package org.openupdate.server.check;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openupdate.manifest.CheckResponse;
import org.openupdate.manifest.Version;
import org.openupdate.server.license.CsvColumn;
import org.openupdate.server.license.LicenseView;
import org.openupdate.server.license.ReleasePolicy;
import org.openupdate.server.rollout.RolloutPlan;
import org.openupdate.server.rollout.RolloutPlanJson;
import org.openupdate.server.rollout.RolloutState;
import org.openupdate.server.rollout.RolloutView;

/**
 * Reads everything the check needs in a handful of queries. Plain JDBC on purpose: it runs on a
 * background thread every few seconds on every instance, outside any request, and must stay cheap.
 */
public final class SnapshotLoader {

  /**
   * Changes here mean the snapshot is stale: the shared change counter (bumped by every rollout,
   * policy and license change) and the publications' own shape, so a publish or pull is seen even
   * when the publishing code bumps nothing.
   */
  private static final String FINGERPRINT =
      "select (select version from snapshot_changes where id = 1),"
          + " (select count(*) from publications),"
          + " (select max(id) from publications),"
          + " (select max(pulled_at) from publications),"
          + " (select count(*) from releases where state = 'PULLED'),"
          + " (select count(*) from channels),"
          + " (select count(*) from products),"
          + " (select count(*) from recalls),"
          + " (select count(*) from delta_indexes)";

  private static final String PUBLICATIONS =
      "select p.id, pr.name, r.version, c.name, r.state, r.mandatory, r.minimum_version,"
          + " r.expires_at, r.release_notes_url,"
          + " coalesce(p.manifest_sha256, r.manifest_sha256), p.published_at, p.published_by,"
          + " p.pulled_at, p.rollout_plan, ro.plan_json, ro.stage_index, ro.stage_started_at,"
          + " ro.state"
          + " from publications p"
          + " join releases r on r.id = p.release_id"
          + " join products pr on pr.id = r.product_id"
          + " join channels c on c.id = p.channel_id"
          + " left join rollouts ro on ro.publication_id = p.id";

  /** Recalls whose target clients may still fetch (not pulled everywhere since). */
  private static final String RECALLS =
      "select pr.name, pulled.version, c.name, target.version, target.mandatory,"
          + " target.expires_at, target.release_notes_url, rc.manifest_sha256"
          + " from recalls rc"
          + " join publications p on p.id = rc.publication_id"
          + " join releases pulled on pulled.id = p.release_id"
          + " join products pr on pr.id = pulled.product_id"
          + " join channels c on c.id = p.channel_id"
          + " join releases target on target.id = rc.target_release_id"
          + " where target.state = 'PUBLISHED'";

  private SnapshotLoader() {}

  public static String fingerprint(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(FINGERPRINT);
        ResultSet rs = statement.executeQuery()) {
      rs.next();
      StringBuilder sb = new StringBuilder();
      for (int i = 1; i <= 9; i++) {
        sb.append(rs.getString(i)).append('|');
      }
      return sb.toString();
    }
  }

  public static CheckSnapshot load(Connection connection, long changeVersion) throws SQLException {
    return load(connection, changeVersion, new Memo());
  }

  /**
   * What the last load derived from each publication row (parsed versions and plans, the answer's
   * JSON and ETag): reused while the row is unchanged, so a reload after one publish into a catalog
   * of thousands derives one row's worth, not the catalog's. Not thread-safe: one per refresher.
   */
  public static final class Memo {
    private Map<Long, Derived> byPublication = new HashMap<>();
  }

  private record Derived(
      Row row,
      List<String> deltaFrom,
      Version version,
      Version minimumVersion,
      LazyAnswer answer,
      RolloutPlan plan) {}

  public static CheckSnapshot load(Connection connection, long changeVersion, Memo memo)
      throws SQLException {
    Map<String, ReleasePolicy> policies = policies(connection);
    List<ChannelView> channels = channels(connection);
    List<Row> loaded = publications(connection);
    Map<String, List<String>> deltaFrom = deltaFrom(connection);
    Map<Long, Derived> derived = new HashMap<>(loaded.size() * 2);
    // An unchanged row is replaced by the one the memo holds, so that one copy of it is kept.
    List<Row> rows = new ArrayList<>(loaded.size());
    // Most publications share a handful of plans and minimum versions: each is parsed once a load.
    Map<String, RolloutPlan> plans = new HashMap<>();
    Map<String, Version> versions = new HashMap<>();
    for (Row row : loaded) {
      List<String> from = deltaFrom.getOrDefault(row.product + '\u0000' + row.version, List.of());
      Derived before = memo.byPublication.get(row.publicationId());
      Derived now =
          before != null && before.row().equals(row) && before.deltaFrom().equals(from)
              ? before
              : derive(row, from, plans, versions);
      derived.put(row.publicationId(), now);
      rows.add(now.row());
    }
    memo.byPublication = derived;

    Map<String, List<Row>> byRelease = new HashMap<>();
    rows.forEach(
        r ->
            byRelease
                .computeIfAbsent(r.product + '\u0000' + r.version, k -> new ArrayList<>())
                .add(r));

    List<ReleaseOffer> offers = new ArrayList<>();
    List<RolloutView> rollouts = new ArrayList<>();
    List<Placement> placements = new ArrayList<>();
    for (Row row : rows) {
      placements.add(new Placement(row.product, row.channel, row.version));
      if (row.pulledAt != null || !"PUBLISHED".equals(row.releaseState)) {
        continue;
      }
      Derived d = derived.get(row.publicationId());
      ReleasePolicy policy = policies.getOrDefault(row.product, ReleasePolicy.OPEN);
      RolloutView rollout = row.rollout(policy, d.plan());
      rollouts.add(rollout);
      Instant soakStartedAt =
          byRelease.get(row.product + '\u0000' + row.version).stream()
              .filter(other -> !other.channel.equals(row.channel))
              .map(other -> other.publishedAt)
              .min(Instant::compareTo)
              .orElse(null);
      offers.add(
          new ReleaseOffer(
              row.product,
              d.version(),
              row.channel,
              d.minimumVersion(),
              row.mandatory,
              row.expires,
              soakStartedAt,
              rollout.percentage(),
              d.answer()));
    }
    return CheckSnapshot.of(
        changeVersion,
        channels,
        offers,
        rollouts,
        policies,
        licenses(connection),
        placements,
        recalls(connection));
  }

  /** The costly part of a row: parsing (the answer is serialized on its first poll). */
  private static Derived derive(
      Row row,
      List<String> deltaFrom,
      Map<String, RolloutPlan> plans,
      Map<String, Version> versions) {
    boolean offered = row.pulledAt == null && "PUBLISHED".equals(row.releaseState);
    String plan = row.stageIndex == null ? row.publisherPlan : row.rolloutPlan;
    return new Derived(
        row,
        deltaFrom,
        Version.parse(row.version),
        row.minimumVersion == null
            ? null
            : versions.computeIfAbsent(row.minimumVersion, Version::parse),
        offered
            ? new LazyAnswer(() -> response(row, deltaFrom.isEmpty() ? null : deltaFrom))
            : null,
        offered ? plans.computeIfAbsent(plan, RolloutPlanJson::parse) : null);
  }

  public static long changeVersion(Connection connection) throws SQLException {
    try (PreparedStatement statement =
            connection.prepareStatement("select version from snapshot_changes where id = 1");
        ResultSet rs = statement.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Per release: the installed versions it has signed deltas from. */
  private static Map<String, List<String>> deltaFrom(Connection connection) throws SQLException {
    Map<String, List<String>> from = new HashMap<>();
    try (PreparedStatement statement =
            connection.prepareStatement(
                "select product, version, from_version from delta_indexes order by id");
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        from.computeIfAbsent(rs.getString(1) + '\u0000' + rs.getString(2), k -> new ArrayList<>())
            .add(rs.getString(3));
      }
    }
    return from;
  }

  private static CheckResponse response(Row row, List<String> deltaFrom) {
    String base = "/api/v1/releases/" + row.product + "/" + row.version;
    // The manifest lists every component with its own URL, so it is also what a client downloads
    // first. It is the manifest of the channel the release was offered through: clients refuse
    // manifests bound to another channel.
    String query = "?channel=" + row.channel;
    return new CheckResponse(
        true,
        row.version,
        row.mandatory,
        row.releaseNotesUrl,
        base + "/manifest" + query,
        base + "/manifest" + query,
        base + "/manifest.asc" + query,
        row.manifestSha256,
        row.expires,
        null,
        deltaFrom);
  }

  private static List<RecallOffer> recalls(Connection connection) throws SQLException {
    List<RecallOffer> recalls = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(RECALLS);
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        String product = rs.getString(1);
        String pulled = rs.getString(2);
        String channel = rs.getString(3);
        String target = rs.getString(4);
        Instant expires = instant(rs.getTimestamp(6));
        String manifest =
            "/api/v1/releases/"
                + product
                + "/"
                + target
                + "/manifest?channel="
                + channel
                + "&recallOf="
                + pulled;
        CheckResponse response =
            new CheckResponse(
                true,
                target,
                rs.getBoolean(5),
                rs.getString(7),
                manifest,
                manifest,
                manifest.replace("/manifest?", "/manifest.asc?"),
                rs.getString(8),
                expires,
                true);
        recalls.add(
            new RecallOffer(
                Version.parse(pulled),
                new ReleaseOffer(
                    product,
                    Version.parse(target),
                    channel,
                    null,
                    rs.getBoolean(5),
                    expires,
                    null,
                    100,
                    new LazyAnswer(() -> response))));
      }
    }
    return recalls;
  }

  private static List<ChannelView> channels(Connection connection) throws SQLException {
    List<String> products = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement("select name from products");
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        products.add(rs.getString(1));
      }
    }
    // Channels are shared by every product.
    List<ChannelView> channels = new ArrayList<>();
    try (PreparedStatement statement =
            connection.prepareStatement(
                "select c.name, f.name from channels c left join channels f on f.id = c.follows_id");
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        for (String product : products) {
          channels.add(new ChannelView(product, rs.getString(1), rs.getString(2)));
        }
      }
    }
    return channels;
  }

  private static List<Row> publications(Connection connection) throws SQLException {
    List<Row> rows = new ArrayList<>();
    // Names, states and plans repeat across thousands of rows: one copy of each is kept (the rows
    // stay in the memo until their publication changes).
    Map<String, String> shared = new HashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(PUBLICATIONS);
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        rows.add(
            new Row(
                rs.getLong(1),
                shared(shared, rs.getString(2)),
                shared(shared, rs.getString(3)),
                shared(shared, rs.getString(4)),
                shared(shared, rs.getString(5)),
                rs.getBoolean(6),
                shared(shared, rs.getString(7)),
                instant(rs.getTimestamp(8)),
                rs.getString(9),
                rs.getString(10),
                instant(rs.getTimestamp(11)),
                shared(shared, rs.getString(12)),
                instant(rs.getTimestamp(13)),
                shared(shared, rs.getString(14)),
                shared(shared, rs.getString(15)),
                rs.getObject(16) == null ? null : rs.getInt(16),
                instant(rs.getTimestamp(17)),
                shared(shared, rs.getString(18))));
      }
    }
    return rows;
  }

  private static String shared(Map<String, String> shared, String value) {
    return value == null ? null : shared.computeIfAbsent(value, v -> v);
  }

  private static Map<String, ReleasePolicy> policies(Connection connection) throws SQLException {
    Map<String, ReleasePolicy> policies = new HashMap<>();
    try (PreparedStatement statement =
            connection.prepareStatement(
                "select product, approval_required, minimum_soak_seconds, soak_target_channel,"
                    + " blocked_versions, allowed_channels from release_policies");
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        policies.put(
            rs.getString(1),
            new ReleasePolicy(
                rs.getBoolean(2),
                Duration.ofSeconds(rs.getLong(3)),
                rs.getString(4),
                CsvColumn.versions(rs.getString(5)),
                CsvColumn.strings(rs.getString(6))));
      }
    }
    return policies;
  }

  private static Map<String, LicenseView> licenses(Connection connection) throws SQLException {
    Map<String, LicenseView> licenses = new HashMap<>();
    try (PreparedStatement statement =
            connection.prepareStatement(
                "select id, key_sha256, customer, allowed_channels, expires_at, revoked,"
                    + " blocked_versions, version_ceiling from licenses");
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        String ceiling = rs.getString(8);
        licenses.put(
            rs.getString(2),
            new LicenseView(
                rs.getLong(1),
                rs.getString(3),
                CsvColumn.strings(rs.getString(4)),
                instant(rs.getTimestamp(5)),
                rs.getBoolean(6),
                CsvColumn.versions(rs.getString(7)),
                ceiling == null ? null : Version.parse(ceiling)));
      }
    }
    return licenses;
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  /** One publication row with its release and, when the rollout has moved, its rollout state. */
  private record Row(
      long publicationId,
      String product,
      String version,
      String channel,
      String releaseState,
      boolean mandatory,
      String minimumVersion,
      Instant expires,
      String releaseNotesUrl,
      String manifestSha256,
      Instant publishedAt,
      String publishedBy,
      Instant pulledAt,
      String publisherPlan,
      String rolloutPlan,
      Integer stageIndex,
      Instant stageStartedAt,
      String rolloutState) {

    /**
     * A publication whose rollout never moved has no rollout row: it is in its first stage since
     * publication, waiting for approval when the product's policy asks for one.
     *
     * @param plan the rollout's plan, or the publisher's while it never moved
     */
    RolloutView rollout(ReleasePolicy policy, RolloutPlan plan) {
      if (stageIndex == null) {
        RolloutState state =
            policy.approvalRequired() ? RolloutState.AWAITING_APPROVAL : RolloutState.ACTIVE;
        return new RolloutView(
            publicationId, product, version, channel, plan, 0, publishedAt, state, publishedBy);
      }
      return new RolloutView(
          publicationId,
          product,
          version,
          channel,
          plan,
          stageIndex,
          stageStartedAt,
          RolloutState.valueOf(rolloutState),
          publishedBy);
    }
  }
}
