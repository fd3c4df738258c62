package org.openupdate.server.signing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.openupdate.server.support.Admin.asAdmin;
import static org.openupdate.server.support.ReleaseFixture.aRelease;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.manifest.pgp.DetachedSigner;
import org.openupdate.manifest.pgp.Fingerprint;
import org.openupdate.manifest.pgp.PgpKeys;
import org.openupdate.manifest.pgp.SigningKey;
import org.openupdate.manifest.pgp.Verification;
import org.openupdate.server.support.Gpg;
import org.openupdate.server.support.ReleaseFixture;
import org.openupdate.server.support.ServedKeys;

@QuarkusTest
class ManifestSignatureTest {

  private static final String VENDOR_FINGERPRINT = "923B76B73C91A5257E1404206ED835603A04B3DD";

  @TempDir Path temp;

  @Test
  void shouldServeActiveKeysAsJsonAndArmored() {
    String fingerprint =
        given()
            .get("/api/v1/keys")
            .then()
            .statusCode(200)
            .body("$", hasSize(1))
            .body("[0].armoredPublicKey", startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----"))
            .extract()
            .path("[0].fingerprint");
    assertThat(Fingerprint.parse(fingerprint).hex()).isEqualTo(fingerprint);
    String armored = given().get("/api/v1/keys.asc").then().statusCode(200).extract().asString();
    assertThat(
            Fingerprint.of(
                PgpKeys.readPublicKeys(armored.getBytes(StandardCharsets.US_ASCII))
                    .get(0)
                    .getPublicKey()))
        .isEqualTo(Fingerprint.parse(fingerprint));
  }

  @Test
  void shouldServeManifestAndSignatureThatVerifyWithServedKey() {
    ReleaseFixture release = aRelease().published();
    byte[] manifest = release.served("manifest");
    byte[] signature = release.served("manifest.asc");

    Verification verification = ServedKeys.verifier().verify(manifest, signature);
    assertThat(verification.problems()).isEmpty();
    assertThat(verification.valid()).isTrue();
    assertThat(manifest).isEqualTo(release.manifestBytes());
  }

  @Test
  void shouldServeSignatureThatGpgVerifiesWithServedKey() throws Exception {
    Gpg gpg = Gpg.inTempHome(temp);
    ReleaseFixture release = aRelease().published();
    Path manifest = Files.write(temp.resolve("manifest.json"), release.served("manifest"));
    Path signature = Files.write(temp.resolve("manifest.json.asc"), release.served("manifest.asc"));
    gpg.importKey(given().get("/api/v1/keys.asc").asByteArray());

    Gpg.Result result = gpg.run("--verify", signature.toString(), manifest.toString());
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("Good signature");

    Files.write(
        manifest,
        "tampered".getBytes(StandardCharsets.UTF_8),
        java.nio.file.StandardOpenOption.APPEND);
    assertThat(gpg.run("--verify", signature.toString(), manifest.toString()).exitCode())
        .isNotZero();
  }

  @Test
  void shouldServeOfflineSignatureFromPinnedVendorKey() throws IOException {
    ReleaseFixture release = aRelease().nextSequence("stable").createDraft().uploadAll();
    byte[] signature =
        DetachedSigner.sign(release.manifestBytes(), List.of(vendorKey()), Instant.now());
    asAdmin()
        .contentType("application/pgp-signature")
        .body(signature)
        .put(release.path() + "/signature")
        .then()
        .statusCode(200)
        .body("signatureSource", equalTo("offline"))
        .body("signedBy[0]", equalTo(VENDOR_FINGERPRINT));
    release.publish("stable");

    assertThat(release.served("manifest.asc")).isEqualTo(signature);
  }

  @Test
  void shouldAcceptSignatureMadeOfflineByGpg() throws Exception {
    Gpg gpg = Gpg.inTempHome(temp);
    gpg.importKey(resource("vendor-ed25519.sec.asc"));
    ReleaseFixture release = aRelease().nextSequence("stable").createDraft().uploadAll();
    Path manifest = Files.write(temp.resolve("manifest.json"), release.manifestBytes());
    Path signature = temp.resolve("manifest.json.asc");
    Gpg.Result signed =
        gpg.run(
            "--armor",
            "--local-user",
            VENDOR_FINGERPRINT,
            "--output",
            signature.toString(),
            "--detach-sign",
            manifest.toString());
    assertThat(signed.exitCode()).as(signed.output()).isZero();

    asAdmin()
        .contentType("application/pgp-signature")
        .body(Files.readAllBytes(signature))
        .put(release.path() + "/signature")
        .then()
        .statusCode(200)
        .body("signatureSource", equalTo("offline"));
    release.publish("stable");
    assertThat(release.served("manifest.asc")).isEqualTo(Files.readAllBytes(signature));
  }

  @Test
  void shouldRefuseOfflineSignatureFromUntrustedKey() {
    ReleaseFixture release = aRelease().createDraft().uploadAll();
    var stranger = PgpKeys.generateEd25519("Stranger <s@example.com>", new char[0]);
    SigningKey key =
        PgpKeys.readSigningKey(
            stranger.armoredSecretKey().getBytes(StandardCharsets.US_ASCII), new char[0]);
    asAdmin()
        .contentType("application/pgp-signature")
        .body(DetachedSigner.sign(release.manifestBytes(), List.of(key), Instant.now()))
        .put(release.path() + "/signature")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("detail", containsString("signature refused"));
    asAdmin().get(release.path()).then().body("signatureSource", equalTo(null));
  }

  @Test
  void shouldRefuseOfflineSignatureOverOtherBytes() throws IOException {
    ReleaseFixture release = aRelease().createDraft().uploadAll();
    byte[] otherBytes = release.version("9.9.9").manifestBytes();
    asAdmin()
        .contentType("application/pgp-signature")
        .body(DetachedSigner.sign(otherBytes, List.of(vendorKey()), Instant.now()))
        .put(release.path() + "/signature")
        .then()
        .statusCode(422);
  }

  @Test
  void shouldRefuseSomethingThatIsNotASignature() {
    ReleaseFixture release = aRelease().createDraft();
    asAdmin()
        .contentType("application/pgp-signature")
        .body("hello".getBytes(StandardCharsets.US_ASCII))
        .put(release.path() + "/signature")
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("signature"));
  }

  private static SigningKey vendorKey() throws IOException {
    return PgpKeys.readSigningKey(resource("vendor-ed25519.sec.asc"), new char[0]);
  }

  static byte[] resource(String name) throws IOException {
    return Files.readAllBytes(Path.of("src/test/resources/openpgp", name));
  }
}
