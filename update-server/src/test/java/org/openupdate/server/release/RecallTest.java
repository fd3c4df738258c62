package org.openupdate.server.release;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.openupdate.server.checksupport.Reports.post;
import static org.openupdate.server.checksupport.Reports.report;
import static org.openupdate.server.support.Admin.asAdmin;
import static org.openupdate.server.support.ReleaseFixture.aRelease;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openupdate.server.checksupport.Scrape;
import org.openupdate.server.support.ReleaseFixture;
import org.openupdate.server.support.ServedKeys;

/**
 * Pulling a release with {@code recallTo}: its clients are offered the older target through a
 * manifest the server signs with {@code recallOf} and a sequence above everything signed before on
 * the channel (manifest-schema README, "Sequence and recall").
 */
@QuarkusTest
class RecallTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldOfferClientsOnThePulledReleaseASignedRecallToTheTarget() throws IOException {
    ReleaseFixture first = aRelease().published();
    ReleaseFixture target = first.version("1.1.0").published();
    ReleaseFixture pulled = first.version("1.2.0").published();
    long pulledSequence = ManifestSequenceTest.sequence(pulled.served("manifest?channel=stable"));

    pull(pulled, Map.of("channel", "stable", "reason", "corrupts data", "recallTo", "1.1.0"))
        .statusCode(200)
        .body("state", equalTo("pulled"));

    Map<String, Object> offer =
        check(pulled.product, "1.2.0")
            .body("updateAvailable", equalTo(true))
            .body("version", equalTo("1.1.0"))
            .body("recall", equalTo(true))
            .body("manifestUrl", endsWith("/1.1.0/manifest?channel=stable&recallOf=1.2.0"))
            .body("signatureUrl", endsWith("/1.1.0/manifest.asc?channel=stable&recallOf=1.2.0"))
            .extract()
            .path("");
    byte[] manifest = fetch((String) offer.get("manifestUrl"));
    byte[] signature = fetch((String) offer.get("signatureUrl"));
    assertThat(ServedKeys.verifier().verify(manifest, signature).valid()).isTrue();
    assertThat(ReleaseFixture.sha256(manifest)).isEqualTo(offer.get("sha256"));
    JsonNode recall = JSON.readTree(manifest);
    assertThat(recall.get("version").asText()).isEqualTo("1.1.0");
    assertThat(recall.get("recallOf").asText()).isEqualTo("1.2.0");
    assertThat(recall.get("channel").asText()).isEqualTo("stable");
    assertThat(recall.get("components"))
        .as("the target's artifacts, unchanged")
        .isEqualTo(JSON.readTree(target.served("manifest?channel=stable")).get("components"));
    assertThat(recall.get("sequence").asLong())
        .as("above the pulled manifest, which a replaying mirror would serve")
        .isGreaterThan(pulledSequence)
        .isGreaterThan(ManifestSequenceTest.sequence(target.served("manifest?channel=stable")));
  }

  @Test
  void shouldLeaveClientsNotOnThePulledReleaseAlone() {
    ReleaseFixture first = aRelease().published();
    first.version("1.1.0").published();
    ReleaseFixture pulled = first.version("1.2.0").published();

    pull(pulled, Map.of("channel", "stable", "recallTo", "1.1.0")).statusCode(200);

    check(pulled.product, "1.1.0").body("updateAvailable", equalTo(false));
    check(pulled.product, "1.0.0")
        .body("version", equalTo("1.1.0"))
        .body("recall", nullValue())
        .body("manifestUrl", endsWith("/1.1.0/manifest?channel=stable"));
  }

  @Test
  void shouldOfferANewerReleaseRatherThanTheRecall() {
    ReleaseFixture first = aRelease().published();
    first.version("1.1.0").published();
    ReleaseFixture pulled = first.version("1.2.0").published();
    pull(pulled, Map.of("recallTo", "1.1.0")).statusCode(200);

    first.version("1.3.0").published();

    check(pulled.product, "1.2.0").body("version", equalTo("1.3.0")).body("recall", nullValue());
  }

  @Test
  void shouldRefuseARecallTargetThatIsNotAnOlderPublishedReleaseNamingRecallTo() {
    ReleaseFixture first = aRelease().published();
    ReleaseFixture pulled = first.version("1.2.0").published();
    first.version("1.3.0").published();
    first.version("1.1.0").createDraft();

    for (String target : new String[] {"1.3.0", "1.2.0", "9.9.9", "1.1.0"}) {
      pull(pulled, Map.of("recallTo", target))
          .statusCode(409)
          .contentType("application/problem+json")
          .body("errors.field", hasItem("recallTo"))
          .body("detail", containsString(target));
    }
    pull(pulled, Map.of("recallTo", "latest"))
        .statusCode(400)
        .body("errors.field", hasItem("recallTo"));
    // A refused pull pulls nothing: 1.2.0 is still offered where 1.3.0 is not newer.
    check(pulled.product, "1.1.0").body("version", equalTo("1.3.0"));
    asAdmin().get(pulled.path()).then().body("state", equalTo("published"));
  }

  @Test
  void shouldCountARecalledClientApartFromFailuresAndRollbacks() {
    ReleaseFixture first = aRelease().published();
    first.version("1.1.0").published();
    ReleaseFixture pulled = first.version("1.2.0").published();
    pull(pulled, Map.of("channel", "stable", "recallTo", "1.1.0")).statusCode(200);
    String p = pulled.product;
    Map<String, String> recalls =
        Map.of("product", p, "channel", "stable", "version", "1.2.0", "target", "1.1.0");

    post(report(p, "1.1.0", "stable", "on-1.2.0", "in-progress")).statusCode(202);
    Map<String, Object> recalled = new HashMap<>(report(p, "1.1.0", "stable", "on-1.2.0", "x"));
    recalled.put("status", "recalled");
    recalled.put("fromVersion", "1.2.0");
    post(recalled).statusCode(202);

    Scrape scrape = Scrape.now();
    assertThat(scrape.sum("update_recalls_total", recalls)).hasValue(1);
    for (String version : new String[] {"1.1.0", "1.2.0"}) {
      Map<String, String> release = Map.of("product", p, "channel", "stable", "version", version);
      assertThat(scrape.sum("update_failures_total", release).orElse(0)).isZero();
      assertThat(scrape.sum("update_rollbacks_total", release).orElse(0)).isZero();
    }
    asAdmin()
        .get("/api/v1/admin/status/" + p + "/1.1.0")
        .then()
        .body("stages[0].recalls", equalTo(1))
        .body("stages[0].failures", equalTo(0))
        .body("stages[0].successRate", nullValue());
  }

  @Test
  void shouldRefuseADraftThatNamesARecallOfItself() {
    ReleaseFixture forged = aRelease().set("sequence", 99).set("recallOf", "2.0.0");

    asAdmin()
        .contentType("application/json")
        .body(forged.manifestBytes())
        .post("/api/v1/admin/releases")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("/recallOf"));
  }

  private static ValidatableResponse pull(ReleaseFixture release, Map<String, String> body) {
    return asAdmin()
        .contentType("application/json")
        .body(body)
        .post(release.path() + "/pull")
        .then();
  }

  private static ValidatableResponse check(String product, String running) {
    return given()
        .header("X-Product", product)
        .header("X-Channel", "stable")
        .header("X-Current-Version", running)
        .header("X-Client-Id", "client-on-" + running)
        .get("/api/v1/updates/check")
        .then()
        .statusCode(200);
  }

  private static byte[] fetch(String serverRelative) {
    return given().get(serverRelative).then().statusCode(200).extract().asByteArray();
  }
}
