package org.openupdate.server.trust;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.openupdate.server.support.Admin.asAdmin;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.manifest.ManifestJson;
import org.openupdate.manifest.pgp.DetachedSigner;
import org.openupdate.manifest.pgp.SigningKey;
import org.openupdate.manifest.trust.Timestamp;
import org.openupdate.manifest.trust.TrustRoot;
import org.openupdate.manifest.trust.TrustRoots;
import org.openupdate.server.support.Gpg;
import org.openupdate.server.support.ReleaseFixture;
import org.openupdate.server.support.TrustChain;

/** The trust root API: served like the keys, uploaded by admins, verified as agents verify. */
@QuarkusTest
class TrustApiTest {

  @TempDir Path temp;

  @Test
  void shouldServeADevelopmentRootVersion1NamingTheServersKeysSignedByItsRootKey() {
    byte[] document =
        given().get("/api/v1/trust/root/1").then().statusCode(200).extract().asByteArray();
    byte[] signature =
        given().get("/api/v1/trust/root/1.asc").then().statusCode(200).extract().asByteArray();

    TrustRoot first = TrustRoots.selfSigned(document, signature, Clock.systemUTC());

    assertThat(first.rootKeys().fingerprints())
        .containsExactly(TrustChain.developmentRootKey().fingerprint().hex());
    assertThat(first.signingKeys().fingerprints())
        .containsExactlyElementsOf(TrustChain.serverSigningKeys().keySet());
  }

  @Test
  void shouldAnswer404ForARootNotMadeYet() {
    given()
        .get("/api/v1/trust/root/" + (TrustChain.newestVersion() + 1))
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void shouldStoreAndServeARootSignedWithGpgByTheOldAndNewRootKeysAndAuditIt() throws Exception {
    TrustRoot current = TrustChain.newest();
    SigningKey vendor = TrustChain.vendorEd25519();
    TrustRoot next =
        TrustChain.next(
            current, List.of(vendor), 1, TrustChain.serverSigningKeys(), TrustChain.nextYear());
    byte[] document = TrustRoots.write(next);
    // The new root key's holder signs with gpg; the old root's holders with their own tool.
    Gpg gpg = Gpg.inTempHome(temp);
    gpg.importKey(Files.readAllBytes(Path.of("src/test/resources/openpgp/vendor-ed25519.sec.asc")));
    Path file = Files.write(temp.resolve("root.json"), document);
    Gpg.Result signed =
        gpg.run(
            "--local-user",
            vendor.fingerprint().hex(),
            "--armor",
            "--detach-sign",
            "--output",
            temp.resolve("root.json.asc").toString(),
            file.toString());
    assertThat(signed.exitCode()).as(signed.output()).isZero();
    byte[] signature =
        concat(
            DetachedSigner.sign(
                document, TrustChain.rootSigners(current), Instant.now().minusSeconds(60)),
            Files.readAllBytes(temp.resolve("root.json.asc")));

    TrustChain.upload(document, signature)
        .statusCode(201)
        .body("version", equalTo(next.version()))
        .body("rootKeys[0]", equalTo(vendor.fingerprint().hex()));

    assertThat(
            given()
                .get("/api/v1/trust/root/" + next.version())
                .then()
                .statusCode(200)
                .extract()
                .asByteArray())
        .isEqualTo(document);
    asAdmin()
        .get("/api/v1/admin/audit?action=trust.root.upload")
        .then()
        .statusCode(200)
        .body(containsString("trust-root:" + next.version()));
  }

  @Test
  void shouldRefuseARootSignedByTooFewOfThePreviousRootKeys() {
    TrustRoot current = TrustChain.newest();
    SigningKey stranger = TrustChain.vendorProtected();
    TrustRoot next =
        TrustChain.next(
            current, List.of(stranger), 1, TrustChain.serverSigningKeys(), TrustChain.nextYear());
    byte[] document = TrustRoots.write(next);

    TrustChain.upload(
            document,
            DetachedSigner.sign(document, List.of(stranger), Instant.now().minusSeconds(60)))
        .statusCode(422)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("/signature"))
        .body("detail", containsString("is not signed by"));
    given().get("/api/v1/trust/root/" + next.version()).then().statusCode(404);
  }

  @Test
  void shouldRefuseARootThatSkipsAVersionOrHasExpired() {
    TrustRoot current = TrustChain.newest();
    List<SigningKey> signers = TrustChain.rootSigners(current);
    TrustRoot following =
        TrustChain.next(current, signers, 1, TrustChain.serverSigningKeys(), TrustChain.nextYear());
    TrustRoot skipping =
        new TrustRoot(
            current.version() + 2,
            following.expires(),
            following.keys(),
            following.rootKeys(),
            following.signingKeys(),
            following.timestampKey());
    TrustRoot expired =
        TrustChain.next(
            current, signers, 1, TrustChain.serverSigningKeys(), Instant.now().minusSeconds(60));

    byte[] skip = TrustRoots.write(skipping);
    TrustChain.upload(skip, TrustChain.sign(skip, signers, skipping))
        .statusCode(422)
        .body("detail", containsString("exactly one version above"));
    byte[] old = TrustRoots.write(expired);
    TrustChain.upload(old, TrustChain.sign(old, signers, expired))
        .statusCode(422)
        .body("detail", containsString("expired at"));
  }

  @Test
  void shouldNameTheFieldOfAMalformedRoot() {
    TrustChain.upload(
            "{\"version\":0}".getBytes(StandardCharsets.UTF_8),
            "x".getBytes(StandardCharsets.US_ASCII))
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("/document"));
  }

  @Test
  void shouldRefuseARootUploadFromAPublisher() {
    given()
        .header(
            "Authorization", "Bearer " + org.openupdate.server.support.Admin.newToken("publisher"))
        .contentType("application/json")
        .body(Map.of("document", "{}", "signature", "x"))
        .post("/api/v1/admin/trust/roots")
        .then()
        .statusCode(403);
  }

  @Test
  void shouldServeAChannelTimestampSignedByTheRootsTimestampKey() {
    ReleaseFixture release = ReleaseFixture.aRelease().published();
    String path = "/api/v1/trust/timestamp/" + release.product + "/stable";
    byte[] document = given().get(path).then().statusCode(200).extract().asByteArray();
    byte[] signature = given().get(path + ".asc").then().statusCode(200).extract().asByteArray();

    Timestamp timestamp =
        TrustRoots.timestamp(TrustChain.newest(), document, signature, Clock.systemUTC());

    assertThat(timestamp.product()).isEqualTo(release.product);
    assertThat(timestamp.version()).isEqualTo("1.0.0");
    long sequence =
        asAdmin()
            .get("/api/v1/admin/channels/stable")
            .then()
            .extract()
            .<Number>path("manifestSequence")
            .longValue();
    assertThat(timestamp.sequence()).isEqualTo(sequence);
    assertThat(timestamp.expires()).isAfter(Instant.now());
    assertThat(ManifestJson.read(document, Timestamp.class)).isEqualTo(timestamp);
  }

  @Test
  void shouldAnswer404ForATimestampOfAnUnknownChannel() {
    ReleaseFixture release = ReleaseFixture.aRelease().published();
    given()
        .get("/api/v1/trust/timestamp/" + release.product + "/no-such-channel")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
