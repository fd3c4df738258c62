package org.openupdate.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.openupdate.server.support.Admin.as;
import static org.openupdate.server.support.Admin.asAdmin;
import static org.openupdate.server.support.Admin.unique;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openupdate.server.support.MovableClock;
import org.openupdate.server.support.MovableTime;

@QuarkusTest
@TestProfile(MovableTime.class)
class TokenExpiryTest {

  @Inject MovableClock clock;

  @Test
  void shouldRefuseAnExpiredTokenNamingWhenItExpired() {
    String name = unique("ci");
    Instant expiresAt = clock.instant().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    String secret = create(name, expiresAt);
    as(secret).get("/api/v1/admin/audit").then().statusCode(200);

    clock.advance(Duration.ofHours(2));

    as(secret)
        .get("/api/v1/admin/audit")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("type", equalTo("https://openupdate.org/problems/unauthorized"))
        .body("detail", equalTo("token '" + name + "' expired at " + expiresAt));
  }

  @Test
  void shouldRejectExpiresAtInThePastNamingTheField() {
    Instant past = clock.instant().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    asAdmin()
        .contentType("application/json")
        .body(Map.of("name", unique("late"), "role", "viewer", "expiresAt", past.toString()))
        .post("/api/v1/admin/tokens")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("expiresAt"))
        .body("errors[0].message", containsString(past.toString()));
  }

  @Test
  void shouldListExpiryAndLastUseOfEachToken() {
    String name = unique("listed");
    Instant expiresAt = clock.instant().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    String secret = create(name, expiresAt);
    assertThat(listed(name).get("expiresAt")).isEqualTo(expiresAt.toString());
    assertThat(listed(name).get("lastUsedAt")).isNull();

    Instant before = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    as(secret).get("/api/v1/admin/audit").then().statusCode(200);
    Instant after = clock.instant();

    assertThat(Instant.parse(listed(name).get("lastUsedAt"))).isBetween(before, after);
  }

  @Test
  void shouldRecordLastUseAtMostOncePerMinute() {
    String name = unique("busy");
    String secret = create(name, null);
    as(secret).get("/api/v1/admin/audit").then().statusCode(200);
    Instant first = Instant.parse(listed(name).get("lastUsedAt"));

    clock.advance(Duration.ofSeconds(30));
    as(secret).get("/api/v1/admin/audit").then().statusCode(200);
    assertThat(Instant.parse(listed(name).get("lastUsedAt"))).isEqualTo(first);

    clock.advance(Duration.ofSeconds(31));
    as(secret).get("/api/v1/admin/audit").then().statusCode(200);
    assertThat(Instant.parse(listed(name).get("lastUsedAt")))
        .isAfterOrEqualTo(first.plus(Duration.ofSeconds(61)));
  }

  private static String create(String name, Instant expiresAt) {
    Map<String, String> body =
        expiresAt == null
            ? Map.of("name", name, "role", "viewer")
            : Map.of("name", name, "role", "viewer", "expiresAt", expiresAt.toString());
    return asAdmin()
        .contentType("application/json")
        .body(body)
        .post("/api/v1/admin/tokens")
        .then()
        .statusCode(201)
        .extract()
        .path("token");
  }

  private static Map<String, String> listed(String name) {
    return asAdmin()
        .get("/api/v1/admin/tokens")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getMap("find { it.name == '" + name + "' }", String.class, String.class);
  }
}
