package org.openupdate.server.trust;

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
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The stored roots, every version, read in one query and kept for {@link
 * TrustConfig#rootCacheTime()}: agents ask for the root after theirs on every check, which must not
 * cost a database round trip each. A root uploaded on another instance shows here within that time.
 */
@ApplicationScoped
public class TrustRootStore {

  /** A root as uploaded: its exact bytes and their detached signature. */
  public record StoredRoot(
      int version,
      byte[] document,
      byte[] signature,
      Instant expires,
      Instant createdAt,
      String createdBy) {}

  @Inject DataSource dataSource;
  @Inject TrustConfig config;
  @Inject Clock clock;

  private volatile List<StoredRoot> cached = List.of();
  private volatile Instant loadedAt = Instant.MIN;

  /** Every stored root, oldest first. */
  public List<StoredRoot> all() {
    if (loadedAt.plus(config.rootCacheTime()).isBefore(clock.instant())) {
      reload();
    }
    return cached;
  }

  public Optional<StoredRoot> version(int version) {
    List<StoredRoot> roots = all();
    return version >= 1 && version <= roots.size()
        ? Optional.of(roots.get(version - 1))
        : Optional.empty();
  }

  public Optional<StoredRoot> newest() {
    List<StoredRoot> roots = all();
    return roots.isEmpty() ? Optional.empty() : Optional.of(roots.get(roots.size() - 1));
  }

  /** Reads every root again; after a write here, so this instance serves it at once. */
  public synchronized void reload() {
    List<StoredRoot> roots = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "select version, document, signature, expires_at, created_at, created_by"
                    + " from trust_roots order by version");
        ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        roots.add(
            new StoredRoot(
                rows.getInt(1),
                rows.getBytes(2),
                rows.getBytes(3),
                rows.getTimestamp(4).toInstant(),
                rows.getTimestamp(5).toInstant(),
                rows.getString(6)));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read trust roots: " + e.getMessage(), e);
    }
    cached = List.copyOf(roots);
    loadedAt = clock.instant();
  }

  /**
   * Stores a root the caller has verified as the next one, in the caller's connection.
   *
   * @throws SQLException with a unique violation when another upload took this version first
   */
  static void insert(Connection connection, StoredRoot root) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "insert into trust_roots (version, document, signature, expires_at, created_at,"
                + " created_by) values (?, ?, ?, ?, ?, ?)")) {
      insert.setInt(1, root.version());
      insert.setBytes(2, root.document());
      insert.setBytes(3, root.signature());
      insert.setTimestamp(4, Timestamp.from(root.expires()));
      insert.setTimestamp(5, Timestamp.from(root.createdAt()));
      insert.setString(6, root.createdBy());
      insert.executeUpdate();
    }
  }
}
