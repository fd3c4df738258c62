package org.openupdate.server.release;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.openupdate.server.support.Admin.asAdmin;
import static org.openupdate.server.support.ReleaseFixture.aRelease;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openupdate.manifest.pgp.DetachedSigner;
import org.openupdate.manifest.pgp.PgpKeys;
import org.openupdate.server.support.ReleaseFixture;
import org.openupdate.server.support.ServedKeys;

/** Clients refuse manifests bound to another channel, so each channel serves one naming itself. */
@QuarkusTest
class ChannelManifestTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldServeAManifestNamingTheChannelAfterPromotion() throws IOException {
    ReleaseFixture release = aRelease().set("channel", "beta").createDraft().uploadAll();
    release.publish("beta");
    release.promote("stable").statusCode(200);

    byte[] beta = release.served("manifest?channel=beta");
    byte[] stable = release.served("manifest?channel=stable");
    ObjectNode betaTree = (ObjectNode) JSON.readTree(beta);
    ObjectNode stableTree = (ObjectNode) JSON.readTree(stable);
    assertThat(betaTree.get("channel").asText()).isEqualTo("beta");
    assertThat(stableTree.get("channel").asText()).isEqualTo("stable");
    assertThat(betaTree.get("sequence").asLong()).isPositive();
    assertThat(stableTree.get("sequence").asLong()).isPositive();
    ObjectNode original = (ObjectNode) JSON.readTree(release.manifestBytes());
    for (ObjectNode served : List.of(betaTree, stableTree)) {
      served.remove(List.of("channel", "sequence"));
      original.remove("channel");
      assertThat(served)
          .as("only channel and sequence differ; the artifacts are the same")
          .isEqualTo(original);
    }

    var verifier = ServedKeys.verifier();
    assertThat(verifier.verify(stable, release.served("manifest.asc?channel=stable")).valid())
        .isTrue();
    assertThat(verifier.verify(beta, release.served("manifest.asc?channel=beta")).valid()).isTrue();
    assertThat(verifier.verify(beta, release.served("manifest.asc?channel=stable")).valid())
        .isFalse();
  }

  @Test
  void shouldPointChecksAtTheManifestOfTheChannelTheReleaseWasOfferedThrough() {
    ReleaseFixture release = aRelease().set("channel", "beta").createDraft().uploadAll();
    release.publish("beta");
    release.promote("stable").statusCode(200);

    String sha256 =
        given()
            .header("X-Product", release.product)
            .header("X-Channel", "stable")
            .header("X-Current-Version", "0.9.0")
            .get("/api/v1/updates/check")
            .then()
            .statusCode(200)
            .body("updateAvailable", equalTo(true))
            .body("manifestUrl", endsWith("/manifest?channel=stable"))
            .body("signatureUrl", endsWith("/manifest.asc?channel=stable"))
            .extract()
            .path("sha256");
    assertThat(sha256).isEqualTo(ReleaseFixture.sha256(release.served("manifest?channel=stable")));
  }

  @Test
  void shouldRefuseToPutAnOfflineSignedReleaseOnAChannelItsManifestDoesNotName()
      throws IOException {
    ReleaseFixture release = aRelease().nextSequence("stable").createDraft().uploadAll();
    byte[] signature =
        DetachedSigner.sign(
            release.manifestBytes(),
            List.of(
                PgpKeys.readSigningKey(
                    ChannelManifestTest.class
                        .getResourceAsStream("/openpgp/vendor-ed25519.sec.asc")
                        .readAllBytes(),
                    null)),
            Instant.now());
    asAdmin()
        .contentType("application/pgp-signature")
        .body(signature)
        .put(release.path() + "/signature")
        .then()
        .statusCode(200);
    release.publish("stable");

    release
        .promote("beta")
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", containsString("signed offline for channel 'stable'"));
    given()
        .get("/api/v1/releases/" + release.product + "/1.0.0/manifest?channel=beta")
        .then()
        .statusCode(404);
  }
}
