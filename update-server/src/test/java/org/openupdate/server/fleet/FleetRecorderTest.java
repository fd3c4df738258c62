package org.openupdate.server.fleet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FleetRecorderTest {

  @Inject FleetRecorder recorder;
  @Inject DataSource dataSource;

  private static String product() {
    return "fleet-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void shouldWriteEveryOneOfAHundredThousandDistinctClientsInOneFlush() throws SQLException {
    String product = product();
    long at = Instant.parse("2026-11-30T10:00:00Z").toEpochMilli();
    for (int i = 0; i < 100_000; i++) {
      recorder.seen(
          "machine-" + i,
          product,
          i % 2 == 0 ? "stable" : "beta",
          "1.0." + (i % 7),
          null,
          null,
          null,
          null,
          null,
          at);
    }

    assertThat(recorder.flush()).isEqualTo(100_000);

    assertThat(count("select count(*) from fleet_clients where product = ?", product))
        .isEqualTo(100_000);
    assertThat(count("select count(*) from fleet_versions where product = ?", product))
        .isEqualTo(14);
    assertThat(
            count(
                "select count(*) from fleet_clients where product = ? and client_id = 'machine-99999'"
                    + " and channel = 'beta' and version = '1.0.4'",
                product))
        .isEqualTo(1);
  }

  @Test
  void shouldWriteAKnownClientAgainOnlyWhenItChangedOrItsLastSeenIsAMinuteOld()
      throws SQLException {
    String product = product();
    Instant first = Instant.parse("2026-11-30T10:00:00Z");
    recorder.seen(new Sighting("m1", product, "stable", "1.0.0", "lxc", "0.1.0", first));
    assertThat(recorder.flush()).isEqualTo(1);

    recorder.seen(
        new Sighting("m1", product, "stable", "1.0.0", "lxc", "0.1.0", first.plusSeconds(30)));
    assertThat(recorder.flush()).as("an unchanged poll within the minute").isZero();

    recorder.seen(
        new Sighting("m1", product, "stable", "1.0.0", "lxc", "0.1.0", first.plusSeconds(90)));
    assertThat(recorder.flush()).as("last-seen a minute old").isEqualTo(1);
    recorder.seen(
        new Sighting("m1", product, "stable", "1.1.0", "lxc", "0.2.0", first.plusSeconds(95)));
    assertThat(recorder.flush()).as("a new version").isEqualTo(1);

    assertThat(
            count(
                "select count(*) from fleet_clients where product = ? and version = '1.1.0'"
                    + " and agent_version = '0.2.0' and first_seen = ? and last_seen = ?",
                product,
                first,
                first.plusSeconds(95)))
        .isEqualTo(1);
  }

  @Test
  void shouldExposeTheShedSightingsCounterFromTheStart() {
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("update_fleet_sightings_shed_total "))
        .body(containsString("update_fleet_sightings_pending "));
  }

  private long count(String sql, Object... parameters) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        Object p = parameters[i];
        statement.setObject(
            i + 1,
            p instanceof Instant instant
                ? java.time.OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.UTC)
                : p);
      }
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
