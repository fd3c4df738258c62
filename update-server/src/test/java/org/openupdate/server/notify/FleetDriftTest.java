package org.openupdate.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.server.support.ReleaseFixture.aRelease;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.openupdate.server.support.MovableClock;
import org.openupdate.server.support.ReleaseFixture;

/** The drift watch over a fleet far larger than its channels: counted per version, sampled. */
@QuarkusTest
@TestProfile(NotifyByHand.class)
class FleetDriftTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject FleetWatch watch;
  @Inject MovableClock clock;
  @Inject DataSource dataSource;

  @Test
  void shouldCountClientsBehindAndOnPulledReleasesWithTheFirstClientIdsAsSample() throws Exception {
    ReleaseFixture first = aRelease().version("1.0.0");
    first.createDraft().uploadAll().publish("stable");
    ReleaseFixture second = first.version("1.1.0");
    second.createDraft().uploadAll().publish("stable");
    String product = first.product;
    // Past drift-after (1m in this profile) since both were published.
    clock.advance(Duration.ofMinutes(2));
    ReleaseFixture fresh = first.version("1.2.0");
    fresh.createDraft().uploadAll().publish("stable");

    Timestamp seen = Timestamp.from(clock.instant());
    Timestamp longAgo = Timestamp.from(clock.instant().minus(Duration.ofDays(30)));
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "insert into fleet_clients (client_id, product, channel, version, last_seen)"
                    + " values (?, ?, 'stable', ?, ?)")) {
      // 3,000 behind on 1.0.0, 2,000 up to date on 1.1.0 (1.2.0 is too new to count), 500 behind
      // but not seen since before the cut-off.
      add(insert, product, "old-", 3_000, "1.0.0", seen);
      add(insert, product, "current-", 2_000, "1.1.0", seen);
      add(insert, product, "gone-", 500, "0.9.0", longAgo);
      insert.executeBatch();
    }

    assertThat(watch.watch()).isGreaterThanOrEqualTo(1);

    JsonNode drift = driftEvent(product);
    assertThat(drift.path("channel").asText()).isEqualTo("stable");
    assertThat(drift.path("head").asText()).isEqualTo("1.2.0");
    assertThat(drift.path("behind").asLong()).isEqualTo(3_000);
    assertThat(drift.path("onPulled").asLong()).isZero();
    List<String> sample = new ArrayList<>();
    drift.path("sampleClients").forEach(c -> sample.add(c.asText()));
    assertThat(sample)
        .containsExactly(
            "old-00000",
            "old-00001",
            "old-00002",
            "old-00003",
            "old-00004",
            "old-00005",
            "old-00006",
            "old-00007",
            "old-00008",
            "old-00009");
  }

  @Test
  void shouldSampleTheFirstClientIdsAcrossEveryDriftingVersion() throws Exception {
    ReleaseFixture first = aRelease().version("1.0.0");
    first.createDraft().uploadAll().publish("stable");
    first.version("1.1.0").createDraft().uploadAll().publish("stable");
    first.version("1.2.0").createDraft().uploadAll().publish("stable");
    String product = first.product;
    clock.advance(Duration.ofMinutes(2));

    Timestamp seen = Timestamp.from(clock.instant());
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "insert into fleet_clients (client_id, product, channel, version, last_seen)"
                    + " values (?, ?, 'stable', ?, ?)")) {
      // Both older releases drift, their clients' ids interleaved: the sample takes from both.
      for (int i = 39; i >= 0; i--) {
        insert.setString(1, String.format("mix-%05d", i));
        insert.setString(2, product);
        insert.setString(3, i % 2 == 0 ? "1.0.0" : "1.1.0");
        insert.setTimestamp(4, seen);
        insert.addBatch();
      }
      insert.executeBatch();
    }

    assertThat(watch.watch()).isGreaterThanOrEqualTo(1);

    JsonNode drift = driftEvent(product);
    assertThat(drift.path("behind").asLong()).isEqualTo(40);
    List<String> sample = new ArrayList<>();
    drift.path("sampleClients").forEach(c -> sample.add(c.asText()));
    assertThat(sample)
        .containsExactly(
            "mix-00000",
            "mix-00001",
            "mix-00002",
            "mix-00003",
            "mix-00004",
            "mix-00005",
            "mix-00006",
            "mix-00007",
            "mix-00008",
            "mix-00009");
  }

  private static void add(
      PreparedStatement insert,
      String product,
      String prefix,
      int count,
      String version,
      Timestamp seen)
      throws Exception {
    // Inserted last first: the sample is the first ids in order, not the first rows written.
    for (int i = count - 1; i >= 0; i--) {
      insert.setString(1, String.format("%s%05d", prefix, i));
      insert.setString(2, product);
      insert.setString(3, version);
      insert.setTimestamp(4, seen);
      insert.addBatch();
    }
  }

  private JsonNode driftEvent(String product) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "select body from notify_events where product = ? and event_type = 'fleet.drift'")) {
      select.setString(1, product);
      try (ResultSet rs = select.executeQuery()) {
        assertThat(rs.next()).as("a drift event for " + product).isTrue();
        JsonNode body = JSON.readTree(rs.getString(1));
        assertThat(rs.next()).as("one drift event").isFalse();
        return body.path("data");
      }
    }
  }
}
