package org.openupdate.server.signing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.openupdate.server.support.ReleaseFixture.aRelease;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openupdate.manifest.pgp.Fingerprint;
import org.openupdate.manifest.pgp.PgpKeys;
import org.openupdate.manifest.pgp.SignatureVerifier;
import org.openupdate.manifest.pgp.TrustedKeys;
import org.openupdate.manifest.pgp.Verification;
import org.openupdate.server.support.ReleaseFixture;

/** Production signing: GnuPG-made key files, one passphrase-protected, both active (rotation). */
@QuarkusTest
@TestProfile(ConfiguredKeysTest.TwoVendorKeys.class)
class ConfiguredKeysTest {

  static final String PROTECTED = "81EC06EB22CF648EC0C81DB2AADA209931D46738";
  static final String PLAIN = "923B76B73C91A5257E1404206ED835603A04B3DD";

  public static class TwoVendorKeys implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "openupdate.signing.key-file",
          "src/test/resources/openpgp/vendor-protected.sec.asc,src/test/resources/openpgp/vendor-ed25519.sec.asc",
          "openupdate.signing.passphrase",
          "correct horse battery staple");
    }
  }

  @Test
  void shouldServeEveryConfiguredKey() {
    given()
        .get("/api/v1/keys")
        .then()
        .statusCode(200)
        .body("fingerprint", containsInAnyOrder(PROTECTED, PLAIN));
  }

  @Test
  void shouldSignWithOnePacketPerActiveKey() throws IOException {
    ReleaseFixture release = aRelease().published();
    String base = "/api/v1/releases/" + release.product + "/" + release.version;
    byte[] manifest = given().get(base + "/manifest").asByteArray();
    byte[] signature = given().get(base + "/manifest.asc").asByteArray();

    for (String key : List.of("vendor-protected.pub.asc", "vendor-ed25519.pub.asc")) {
      var ring =
          PgpKeys.readPublicKeys(Files.readAllBytes(Path.of("src/test/resources/openpgp", key)));
      Verification alone =
          new SignatureVerifier(
                  TrustedKeys.pinned(ring, List.of(Fingerprint.of(ring.get(0).getPublicKey()))),
                  1,
                  Clock.systemUTC())
              .verify(manifest, signature);
      assertThat(alone.valid()).as("signature by " + key + ": " + alone.problems()).isTrue();
    }
  }
}
