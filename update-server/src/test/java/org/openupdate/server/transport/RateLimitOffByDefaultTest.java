package org.openupdate.server.transport;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rate limits are off by default (the embedded default serves one fleet): more polls and reports
 * from one client and one address than the default buckets hold (20 per client, 200 per address)
 * are all answered.
 */
@QuarkusTest
class RateLimitOffByDefaultTest {

  @Test
  void shouldNeverAnswer429UnderTheDefaultConfiguration() {
    Map<Integer, Integer> statuses = new HashMap<>();
    for (int i = 0; i < 250; i++) {
      int status =
          given()
              .header("X-Current-Version", "0.0.1")
              .header("X-Channel", "stable")
              .header("X-Client-Id", "one-busy-client")
              .get("/api/v1/updates/check")
              .statusCode();
      statuses.merge(status, 1, Integer::sum);
    }
    for (int i = 0; i < 30; i++) {
      int status =
          given()
              .contentType("application/json")
              .body(
                  "{\"reportId\":\"report-default-"
                      + i
                      + "\",\"clientId\":\"one-busy-client\",\"version\":\"9.9.9\","
                      + "\"channel\":\"stable\",\"status\":\"completed\","
                      + "\"timestamp\":\"2026-01-01T00:00:00Z\"}")
              .post("/api/v1/updates/status")
              .statusCode();
      statuses.merge(status, 1, Integer::sum);
    }

    assertThat(statuses).doesNotContainKey(429);
    assertThat(statuses.get(200)).as("every poll answered: %s", statuses).isEqualTo(250);
  }
}
