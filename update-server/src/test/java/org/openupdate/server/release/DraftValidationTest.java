package org.openupdate.server.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.openupdate.server.support.Admin.asAdmin;
import static org.openupdate.server.support.ReleaseFixture.aRelease;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.openupdate.server.support.ReleaseFixture;

@QuarkusTest
class DraftValidationTest {

  @ConfigProperty(name = "openupdate.artifacts.directory")
  Path artifactDirectory;

  @Test
  void shouldReturnEverySchemaViolationWithItsPointer() {
    ReleaseFixture release =
        aRelease()
            .set("version", "not-a-version")
            .set("surprise", true)
            .component("frontend", new byte[10]);
    byte[] manifest =
        new String(release.manifestBytes())
            .replaceFirst("\"sha256\" : \"[0-9a-f]{64}\"", "\"sha256\" : \"XYZ\"")
            .getBytes();
    asAdmin()
        .contentType("application/json")
        .body(manifest)
        .post("/api/v1/admin/releases")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("https://openupdate.org/problems/validation-failed"))
        .body("errors.field", hasItems("/version", "/components/backend/sha256", "/surprise"))
        .body("errors.find { it.field == '/surprise' }.message", containsString("surprise"));
  }

  @Test
  void shouldDescribeABadVersionByItsFormInsteadOfTheRegex() {
    ReleaseFixture release = aRelease().set("version", "2.1").set("minimumVersion", "1");
    asAdmin()
        .contentType("application/json")
        .body(release.manifestBytes())
        .post("/api/v1/admin/releases")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body(
            "errors.find { it.field == '/version' }.message",
            equalTo("'2.1' is not a semantic version: expected MAJOR.MINOR.PATCH[-PRE][+BUILD]"))
        .body(
            "errors.find { it.field == '/minimumVersion' }.message",
            equalTo("'1' is not a semantic version: expected MAJOR.MINOR.PATCH[-PRE][+BUILD]"))
        .body("detail", not(containsString("[1-9]")));
  }

  @Test
  void shouldRejectMalformedManifestJson() {
    asAdmin()
        .contentType("application/json")
        .body("{\"product\": \"x\", ")
        .post("/api/v1/admin/releases")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", not(containsString("Exception")));
  }

  @Test
  void shouldRequireExpiresOnManifestsItPublishes() {
    asAdmin()
        .contentType("application/json")
        .body(aRelease().set("expires", null).manifestBytes())
        .post("/api/v1/admin/releases")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("/expires"))
        .body("errors[0].message", containsString("required"));
  }

  @Test
  void shouldAnswer422ForManifestOfUnknownProduct() {
    asAdmin()
        .contentType("application/json")
        .body(aRelease().set("product", "no-such-product-here").manifestBytes())
        .post("/api/v1/admin/releases")
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("/product"))
        .body("errors[0].message", containsString("'no-such-product-here'"));
  }

  @Test
  void shouldStoreUploadUnderItsHash() {
    ReleaseFixture release = aRelease().createDraft().uploadAll();
    byte[] bytes = release.artifacts.get("backend");
    String sha = ReleaseFixture.sha256(bytes);
    assertThat(artifactDirectory.resolve(sha.substring(0, 2)).resolve(sha)).hasBinaryContent(bytes);
    asAdmin().get(release.path()).then().body("artifacts[0].available", equalTo(true));
  }

  @Test
  void shouldDiscardUploadWhoseHashDiffersFromManifest() throws IOException {
    ReleaseFixture release = aRelease().createDraft();
    byte[] other = ReleaseFixture.randomBytes(release.artifacts.get("backend").length);
    asAdmin()
        .contentType("application/octet-stream")
        .body(other)
        .put(release.path() + "/artifacts/backend")
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("/components/backend/sha256"))
        .body("errors[0].message", containsString(ReleaseFixture.sha256(other)));
    assertNothingStored(other);
    asAdmin().get(release.path()).then().body("artifacts[0].available", equalTo(false));
  }

  @Test
  void shouldDiscardUploadWhoseSizeDiffersFromManifest() throws IOException {
    ReleaseFixture release = aRelease().createDraft();
    byte[] shorter = java.util.Arrays.copyOf(release.artifacts.get("backend"), 1000);
    asAdmin()
        .contentType("application/octet-stream")
        .body(shorter)
        .put(release.path() + "/artifacts/backend")
        .then()
        .statusCode(422)
        .body("errors.field", hasItems("/components/backend/size", "/components/backend/sha256"));
    assertNothingStored(shorter);
  }

  @Test
  void shouldStopReadingUploadLongerThanManifestSays() throws IOException {
    ReleaseFixture release = aRelease().createDraft();
    byte[] longer = java.util.Arrays.copyOf(release.artifacts.get("backend"), 300_000);
    asAdmin()
        .contentType("application/octet-stream")
        .body(longer)
        .put(release.path() + "/artifacts/backend")
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("/components/backend/size"));
    assertNothingStored(longer);
  }

  @Test
  void shouldAnswer413ForUploadOverTheLimit() throws IOException {
    // The test profile's limit is 1M (openupdate.artifacts.max-upload-size).
    byte[] big = ReleaseFixture.randomBytes(1024 * 1024 + 1);
    ReleaseFixture release = aRelease().component("big", big).createDraft();
    asAdmin()
        .contentType("application/octet-stream")
        .body(big)
        .put(release.path() + "/artifacts/big")
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("detail", containsString("openupdate.artifacts.max-upload-size"));
    assertNothingStored(big);
  }

  @Test
  void shouldAnswer400ForPathTraversalInComponentName() {
    ReleaseFixture release = aRelease().createDraft();
    asAdmin()
        .urlEncodingEnabled(false)
        .contentType("application/octet-stream")
        .body(new byte[] {1})
        .put(release.path() + "/artifacts/..%2F..%2Fetc%2Fpasswd")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("component"))
        .body("errors[0].message", containsString("../../etc/passwd"));
  }

  @Test
  void shouldAnswer404ForComponentNotInManifest() {
    ReleaseFixture release = aRelease().createDraft();
    asAdmin()
        .contentType("application/octet-stream")
        .body(new byte[] {1})
        .put(release.path() + "/artifacts/plugins")
        .then()
        .statusCode(404)
        .body("detail", containsString("'plugins'"));
  }

  @Test
  void shouldRefuseUploadToPublishedRelease() {
    ReleaseFixture release = aRelease().published();
    asAdmin()
        .contentType("application/octet-stream")
        .body(release.artifacts.get("backend"))
        .put(release.path() + "/artifacts/backend")
        .then()
        .statusCode(409)
        .body("detail", containsString("only drafts can change"));
  }

  @Test
  void shouldAnswer404ForUnknownRelease() {
    asAdmin()
        .contentType("application/json")
        .body(Map.of("channel", "stable"))
        .post("/api/v1/admin/releases/default/9.9.9-nothing/publish")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  private void assertNothingStored(byte[] bytes) throws IOException {
    String sha = ReleaseFixture.sha256(bytes);
    assertThat(artifactDirectory.resolve(sha.substring(0, 2)).resolve(sha)).doesNotExist();
    Path tmp = artifactDirectory.resolve("tmp");
    if (Files.isDirectory(tmp)) {
      try (Stream<Path> leftovers = Files.list(tmp)) {
        assertThat(leftovers).as("temporary upload files left behind").isEmpty();
      }
    }
  }
}
