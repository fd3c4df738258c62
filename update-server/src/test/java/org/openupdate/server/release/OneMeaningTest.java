package org.openupdate.server.release;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.openupdate.server.support.Admin.asAdmin;
import static org.openupdate.server.support.ReleaseFixture.aRelease;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.openupdate.server.support.ReleaseFixture;

/** A document with a key twice has two meanings; the server takes neither. */
@QuarkusTest
class OneMeaningTest {

  @Test
  void shouldRefuseToPublishAManifestWithADuplicateKey() {
    ReleaseFixture release = aRelease().version("2.7.0");
    byte[] twoVersions =
        new String(release.manifestBytes(), StandardCharsets.UTF_8)
            .replaceFirst(
                "\"version\" : \"2.7.0\",", "\"version\" : \"2.7.0\", \"version\" : \"7.7.7\",")
            .getBytes(StandardCharsets.UTF_8);
    asAdmin()
        .contentType("application/json")
        .body(twoVersions)
        .post("/api/v1/admin/releases")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("Duplicate field 'version'"));
    asAdmin().get(release.path()).then().statusCode(404);
  }

  @Test
  void shouldRefuseARequestBodyWithADuplicateKey() {
    asAdmin()
        .contentType("application/json")
        .body("{\"name\":\"first-name\",\"name\":\"second-name\"}")
        .post("/api/v1/admin/products")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("https://openupdate.org/problems/malformed-request"))
        .body("detail", containsString("Duplicate field 'name'"));
  }
}
