package org.openupdate.server.console;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.Cookie;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openupdate.server.support.Admin;
import org.openupdate.server.support.MovableClock;
import org.openupdate.server.support.MovableTime;

/** A session ends on the server when its time is up, whatever the browser keeps. */
@QuarkusTest
@TestProfile(MovableTime.class)
class ConsoleSessionExpiryTest {

  @Inject MovableClock clock;

  @Test
  void shouldEndASessionOnTheServerOnceItsTimeoutPassed() {
    Cookie session = ConsoleSessionTest.signIn(Admin.ADMIN_TOKEN).getDetailedCookie("ou_session");
    given().cookie(session).redirects().follow(false).get("/console/audit").then().statusCode(200);

    clock.advance(Duration.ofHours(7).plusMinutes(59));
    given().cookie(session).redirects().follow(false).get("/console/audit").then().statusCode(200);

    // openupdate.console.session-timeout is 8h by default; the cookie is replayed after it.
    clock.advance(Duration.ofMinutes(2));
    ConsoleSessionTest.assertSentToSignIn(session);
  }
}
