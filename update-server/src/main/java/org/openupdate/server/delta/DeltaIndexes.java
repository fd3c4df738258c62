package org.openupdate.server.delta;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The signed delta indexes and what generation reads: releases' artifacts and the fleet's versions.
 * Plain JDBC: it runs on the generator's own thread, outside any request.
 */
@ApplicationScoped
public class DeltaIndexes {

  /** A signed index as stored. */
  public record Signed(byte[] document, byte[] signature) {}

  /** One component artifact of a release. */
  record Artifact(String sha256, long size) {}

  @Inject DataSource dataSource;

  public Optional<Signed> find(String product, String version, String fromVersion) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select document, signature from delta_indexes"
                    + " where product = ? and version = ? and from_version = ?")) {
      s.setString(1, product);
      s.setString(2, version);
      s.setString(3, fromVersion);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next()
            ? Optional.of(new Signed(rs.getBytes(1), rs.getBytes(2)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read delta index", e);
    }
  }

  boolean exists(String product, String version, String fromVersion) {
    return find(product, version, fromVersion).isPresent();
  }

  void save(String product, String version, String fromVersion, Signed signed, Instant now)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "insert into delta_indexes (product, version, from_version, document, signature,"
                    + " created_at) values (?, ?, ?, ?, ?, ?)")) {
      s.setString(1, product);
      s.setString(2, version);
      s.setString(3, fromVersion);
      s.setBytes(4, signed.document());
      s.setBytes(5, signed.signature());
      s.setTimestamp(6, Timestamp.from(now));
      s.executeUpdate();
    }
  }

  /** Bytes the release's finished updates fetched and would have fetched, per channel. */
  public Bandwidth bandwidth(String product, String version) {
    List<Bandwidth.ChannelBytes> channels = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select channel, count(*), sum(bytes_downloaded), sum(bytes_full)"
                    + " from status_reports where product = ? and version = ?"
                    + " and status in ('completed', 'recalled') and bytes_full is not null"
                    + " group by channel order by channel")) {
      s.setString(1, product);
      s.setString(2, version);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          channels.add(
              new Bandwidth.ChannelBytes(
                  rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
        }
      }
      List<String> from = new ArrayList<>();
      try (PreparedStatement f =
          c.prepareStatement(
              "select from_version from delta_indexes where product = ? and version = ?"
                  + " order by id")) {
        f.setString(1, product);
        f.setString(2, version);
        try (ResultSet rs = f.executeQuery()) {
          while (rs.next()) {
            from.add(rs.getString(1));
          }
        }
      }
      return new Bandwidth(from, channels);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the bandwidth of " + product + " " + version, e);
    }
  }

  /** The stored (not external) component artifacts of a release, by component. */
  Map<String, Artifact> artifacts(String product, String version) throws SQLException {
    Map<String, Artifact> artifacts = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select a.component, a.sha256, a.size_bytes from release_artifacts a"
                    + " join releases r on r.id = a.release_id"
                    + " join products p on p.id = r.product_id"
                    + " where p.name = ? and r.version = ? and a.external_url is null"
                    + " order by a.id")) {
      s.setString(1, product);
      s.setString(2, version);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          artifacts.put(rs.getString(1), new Artifact(rs.getString(2), rs.getLong(3)));
        }
      }
    }
    return artifacts;
  }

  /** Versions of the product that were ever published, any order. */
  List<String> publishedVersions(String product) throws SQLException {
    return strings(
        "select distinct r.version from releases r join products p on p.id = r.product_id"
            + " join publications pu on pu.release_id = r.id where p.name = ?",
        product);
  }

  /** The versions the fleet runs, most-installed first. */
  List<String> fleetVersions(String product) throws SQLException {
    return strings(
        "select version from fleet_clients where product = ? group by version"
            + " order by count(*) desc, version",
        product);
  }

  private List<String> strings(String sql, String parameter) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, parameter);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          values.add(rs.getString(1));
        }
      }
    }
    return values;
  }
}
