package org.openupdate.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.openupdate.server.check.SnapshotInvalidated;
import org.openupdate.server.checksupport.Scrape;

/**
 * Issue 17: a catalog of a thousand releases cost 90,000 series and a warning per reload. The
 * series follow the channels' heads and the rollouts under way, whatever the catalog's size.
 */
@QuarkusTest
class CatalogSeriesTest {

  private static final int RELEASES = 1_000;
  private static final String STAGED = "{\"stages\":[{\"percentage\":10}]}";

  @Inject DataSource dataSource;
  @Inject Event<SnapshotInvalidated> invalidated;

  @Test
  void shouldBoundTheSeriesOfAThousandReleaseCatalogByChannelHeadsAndActiveRollouts()
      throws SQLException {
    String product = "catalog-" + UUID.randomUUID().toString().substring(0, 8);
    // 1.0.0 .. 1.9.99 on stable, every rollout finished but 1.3.7's and 1.5.0's (10 %).
    seed(product, Set.of("1.3.7", "1.5.0"));
    List<String> warnings = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            String message = String.valueOf(record.getMessage());
            if (message.contains("already registered")) {
              warnings.add(message);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    root.addHandler(capture);
    try {
      invalidated.fire(new SnapshotInvalidated("catalog seeded"));
      invalidated.fire(new SnapshotInvalidated("and reloaded again"));
    } finally {
      root.removeHandler(capture);
    }

    Scrape scrape = Scrape.now();
    Map<String, String> ofProduct = Map.of("product", product);
    assertThat(scrape.values("version", ofProduct))
        .as("the head of stable (which beta and early-access follow) and the two rollouts")
        .containsExactly("1.3.7", "1.5.0", "1.9.99");
    // Per live release and reporting channel: the counters and histograms a report can move, and
    // on its own channel the rollout and expiry gauges.
    long perRelease =
        scrape.series(Map.of("product", product, "channel", "beta", "version", "1.9.99"));
    assertThat(perRelease).isBetween(50L, 200L);
    // Channels are shared by every product, and other tests in this JVM may have made more.
    long channels = channels();
    assertThat(scrape.series(ofProduct))
        .as("%d channels x 3 live releases, not %d releases", channels, RELEASES)
        .isLessThanOrEqualTo(channels * 3 * (perRelease + 10) + channels);
    assertThat(
            scrape.sum(
                "update_rollout_percentage",
                Map.of("product", product, "channel", "stable", "version", "1.5.0")))
        .hasValue(10);
    assertThat(
            scrape.sum(
                "update_rollout_percentage",
                Map.of("product", product, "channel", "stable", "version", "1.9.98")))
        .as("a finished rollout of an older release")
        .isEmpty();
    assertThat(warnings).isEmpty();
  }

  private long channels() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return id(c, "select count(*) from channels");
    }
  }

  private void seed(String product, Set<String> staged) throws SQLException {
    Timestamp now = Timestamp.from(Instant.now());
    Timestamp expires = Timestamp.from(Instant.now().plus(30, ChronoUnit.DAYS));
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement p =
          c.prepareStatement(
              "insert into products (name, description, created_at) values (?, 'bench', ?)")) {
        p.setString(1, product);
        p.setTimestamp(2, now);
        p.executeUpdate();
      }
      long productId = id(c, "select id from products where name = '" + product + "'");
      long stable = id(c, "select id from channels where name = 'stable'");
      try (PreparedStatement r =
          c.prepareStatement(
              "insert into releases (product_id, version, state, manifest, manifest_sha256,"
                  + " mandatory, expires_at, created_at, created_by)"
                  + " values (?, ?, 'PUBLISHED', ?, ?, false, ?, ?, 'test')")) {
        for (int i = 0; i < RELEASES; i++) {
          String version = "1." + (i / 100) + "." + (i % 100);
          r.setLong(1, productId);
          r.setString(2, version);
          r.setBytes(3, ("{\"version\":\"" + version + "\"}").getBytes(StandardCharsets.UTF_8));
          r.setString(4, "0".repeat(64));
          r.setTimestamp(5, expires);
          r.setTimestamp(6, now);
          r.addBatch();
        }
        r.executeBatch();
      }
      try (PreparedStatement p =
          c.prepareStatement(
              "insert into publications (release_id, channel_id, published_at, published_by,"
                  + " rollout_plan) select id, ?, ?, 'test', ? from releases"
                  + " where product_id = ? and version = ?")) {
        for (int i = 0; i < RELEASES; i++) {
          String version = "1." + (i / 100) + "." + (i % 100);
          p.setLong(1, stable);
          p.setTimestamp(2, now);
          p.setString(3, staged.contains(version) ? STAGED : null);
          p.setLong(4, productId);
          p.setString(5, version);
          p.addBatch();
        }
        p.executeBatch();
      }
      c.commit();
    }
  }

  private static long id(Connection c, String sql) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
