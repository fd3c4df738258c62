package org.openupdate.server.transport;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/**
 * Polls and reports beyond a client's or an address's rate are refused with 429, problem+json and
 * Retry-After. One scenario, in order: every request here comes from the same address.
 */
@QuarkusTest
@TestProfile(RateLimitProfile.class)
class RateLimitTest {

  private static ValidatableResponse check(String clientId) {
    return given()
        .header("X-Current-Version", "0.0.1")
        .header("X-Channel", "stable")
        .header("X-Client-Id", clientId)
        .get("/api/v1/updates/check")
        .then();
  }

  private static ValidatableResponse report(String clientId, String reportId) {
    return given()
        .contentType("application/json")
        .body(
            "{\"reportId\":\""
                + reportId
                + "\",\"clientId\":\""
                + clientId
                + "\",\"version\":\"9.9.9\",\"channel\":\"stable\",\"status\":\"completed\","
                + "\"timestamp\":\"2026-01-01T00:00:00Z\"}")
        .post("/api/v1/updates/status")
        .then();
  }

  @Test
  void shouldLimitEachClientAndThenTheAddress() {
    check("client-a").statusCode(200);
    check("client-a").statusCode(200);
    String retryAfter =
        check("client-a")
            .statusCode(429)
            .contentType("application/problem+json")
            .body("type", containsString("too-many-requests"))
            .body("detail", containsString("client 'client-a'"))
            .extract()
            .header("Retry-After");
    assertThat(Integer.parseInt(retryAfter)).isBetween(1, 60);

    // Reports count against the client too (an unknown release: 422, after the limit).
    report("client-r", "report-rate-0001").statusCode(422);
    report("client-r", "report-rate-0002").statusCode(422);
    report("client-r", "report-rate-0003")
        .statusCode(429)
        .header("Retry-After", org.hamcrest.Matchers.notNullValue());

    // Six polls and reports so far took the address's tokens; two more clients use the last two.
    check("client-b").statusCode(200);
    check("client-c").statusCode(200);
    check("client-d").statusCode(429).body("detail", containsString("address"));
  }
}
