package org.openupdate.server.release;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.openupdate.server.support.Admin.asAdmin;
import static org.openupdate.server.support.ReleaseFixture.aRelease;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.server.support.Admin;
import org.openupdate.server.support.ReleaseFixture;

/** The README's one-command publish, run for real with bash and curl against the test server. */
@QuarkusTest
class PublishScriptTest {

  @TestHTTPResource("/")
  URL server;

  @TempDir Path temp;

  private static final ObjectMapper JSON = new ObjectMapper();

  record Run(int exitCode, String output) {}

  /** A CI job's token: publisher, not admin. */
  private String token;

  @BeforeEach
  void publisherToken() {
    token = Admin.newToken("publisher");
  }

  @Test
  void shouldPublishBuildInOneCommand() throws Exception {
    ReleaseFixture release = aRelease();
    Path manifest = Files.write(temp.resolve("manifest.json"), release.manifestBytes());
    Path artifact = artifactFile(release);

    Run run = publish(manifest.toString(), "stable", "backend=" + artifact);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(servedManifest(release)).isEqualTo(release.manifestBytes());
    given()
        .get("/api/v1/artifacts/" + ReleaseFixture.sha256(release.artifacts.get("backend")))
        .then()
        .statusCode(200);
  }

  @Test
  void shouldReadTheReleaseVersionFromMinifiedJsonWhereAComponentVersionComesFirst()
      throws Exception {
    ReleaseFixture release = aRelease();
    ObjectNode tree = (ObjectNode) JSON.readTree(release.manifestBytes());
    ObjectNode reordered = JSON.createObjectNode();
    reordered.set("components", tree.get("components"));
    ((ObjectNode) reordered.get("components").get("backend")).put("version", "9.9.9");
    tree.fieldNames().forEachRemaining(f -> reordered.putIfAbsent(f, tree.get(f)));
    byte[] minified = JSON.writeValueAsBytes(reordered);
    Path manifest = Files.write(temp.resolve("manifest.json"), minified);

    Run run = publish(manifest.toString(), "stable", "backend=" + artifactFile(release));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(servedManifest(release)).isEqualTo(minified);
    asAdmin().get("/api/v1/admin/releases/" + release.product + "/9.9.9").then().statusCode(404);
  }

  @Test
  void shouldRefuseAWrongArtifactBeforeCreatingAnything() throws Exception {
    ReleaseFixture release = aRelease();
    Path manifest = Files.write(temp.resolve("manifest.json"), release.manifestBytes());
    Path wrong = Files.write(temp.resolve("backend.tar.gz"), ReleaseFixture.randomBytes(10));

    Run run = publish(manifest.toString(), "stable", "backend=" + wrong);

    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.output()).contains("components.backend.size is 200000");
    asAdmin().get(release.path()).then().statusCode(404);
  }

  @Test
  void shouldRefuseAnArtifactWithTheRightSizeButAnotherHashBeforeCreatingAnything()
      throws Exception {
    ReleaseFixture release = aRelease();
    Path manifest = Files.write(temp.resolve("manifest.json"), release.manifestBytes());
    Path wrong = Files.write(temp.resolve("backend.tar.gz"), ReleaseFixture.randomBytes(200_000));

    Run run = publish(manifest.toString(), "stable", "backend=" + wrong);

    assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    assertThat(run.output()).contains("components.backend.sha256 is");
    asAdmin().get(release.path()).then().statusCode(404);
  }

  @Test
  void shouldRefuseAMissingFileOrComponentBeforeCreatingAnything() throws Exception {
    ReleaseFixture release = aRelease();
    Path manifest = Files.write(temp.resolve("manifest.json"), release.manifestBytes());

    Run missingFile =
        publish(manifest.toString(), "stable", "backend=" + temp.resolve("nope.tar.gz"));
    Run notGiven = publish(manifest.toString(), "stable");

    assertThat(missingFile.exitCode()).isEqualTo(2);
    assertThat(missingFile.output()).contains("artifact of 'backend' not found");
    assertThat(notGiven.exitCode()).isEqualTo(2);
    assertThat(notGiven.output()).contains("pass it as backend=<file>");
    asAdmin().get(release.path()).then().statusCode(404);
  }

  @Test
  void shouldRefuseAChannelTheManifestDoesNotNameOrTheServerDoesNotKnow() throws Exception {
    ReleaseFixture release = aRelease();
    Path manifest = Files.write(temp.resolve("manifest.json"), release.manifestBytes());
    String artifact = "backend=" + artifactFile(release);

    Run otherChannel = publish(manifest.toString(), "beta", artifact);
    ReleaseFixture typo = aRelease().set("channel", "stabel");
    Path typoManifest = Files.write(temp.resolve("typo.json"), typo.manifestBytes());
    Path typoArtifact = Files.write(temp.resolve("typo.tar.gz"), typo.artifacts.get("backend"));
    Run unknownChannel = publish(typoManifest.toString(), "stabel", "backend=" + typoArtifact);

    assertThat(otherChannel.exitCode()).isEqualTo(2);
    assertThat(otherChannel.output()).contains("names channel 'stable', not 'beta'");
    assertThat(unknownChannel.exitCode()).as(unknownChannel.output()).isEqualTo(1);
    assertThat(unknownChannel.output()).contains("HTTP 404").contains("stabel");
    asAdmin().get(release.path()).then().statusCode(404);
    asAdmin().get(typo.path()).then().statusCode(404);
  }

  @Test
  void shouldFinishTheJobWhenRunAgainAfterTheServerRefusedThePublication() throws Exception {
    ReleaseFixture release = aRelease();
    Path manifest = Files.write(temp.resolve("manifest.json"), release.manifestBytes());
    String artifact = "backend=" + artifactFile(release);

    Run refused =
        publish(
            Map.of("OPENUPDATE_ROLLOUT_PLAN", "{\"stages\":[{\"percentage\":140}]}"),
            manifest.toString(),
            "stable",
            artifact);
    Run again = publish(manifest.toString(), "stable", artifact);
    Run third = publish(manifest.toString(), "stable", artifact);

    assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
    assertThat(refused.output()).contains("HTTP 400");
    assertThat(again.exitCode()).as(again.output()).isZero();
    assertThat(again.output())
        .contains("continuing draft")
        .contains("component backend already uploaded");
    assertThat(servedManifest(release)).isEqualTo(release.manifestBytes());
    assertThat(third.exitCode()).as(third.output()).isZero();
    assertThat(third.output()).contains("already published on stable");
  }

  /**
   * A CI job killed between creating the draft and uploading: the rerun uploads what is missing.
   */
  @Test
  void shouldUploadWhatIsMissingWhenRunAgainAfterAnInterruptedUpload() throws Exception {
    ReleaseFixture release = aRelease().createDraft();
    String artifactUrl =
        "/api/v1/artifacts/" + ReleaseFixture.sha256(release.artifacts.get("backend"));
    given().get(artifactUrl).then().statusCode(404);
    Path manifest = Files.write(temp.resolve("manifest.json"), release.manifestBytes());

    Run run = publish(manifest.toString(), "stable", "backend=" + artifactFile(release));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("continuing draft " + release.product + " " + release.version)
        .contains("uploading backend from")
        .doesNotContain("creating draft")
        .doesNotContain("replacing draft");
    assertThat(servedManifest(release)).isEqualTo(release.manifestBytes());
    assertThat(given().get(artifactUrl).then().statusCode(200).extract().asByteArray())
        .isEqualTo(release.artifacts.get("backend"));
  }

  @Test
  void shouldReplaceADraftOfOtherManifestBytes() throws Exception {
    ReleaseFixture release = aRelease();
    release.set("releaseNotesUrl", "https://example.com/old").createDraft();
    release.set("releaseNotesUrl", "https://example.com/new");
    Path manifest = Files.write(temp.resolve("manifest.json"), release.manifestBytes());

    Run run = publish(manifest.toString(), "stable", "backend=" + artifactFile(release));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("replacing draft");
    assertThat(servedManifest(release)).isEqualTo(release.manifestBytes());
  }

  @Test
  void shouldNeverChangeAPublishedRelease() throws Exception {
    ReleaseFixture release = aRelease().published();
    release.set("releaseNotesUrl", "https://example.com/other");
    Path manifest = Files.write(temp.resolve("manifest.json"), release.manifestBytes());

    Run run = publish(manifest.toString(), "stable", "backend=" + artifactFile(release));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output()).contains("never changes");
    assertThat(servedManifest(release)).isNotEqualTo(release.manifestBytes());
  }

  private Path artifactFile(ReleaseFixture release) throws IOException {
    return Files.write(temp.resolve("backend.tar.gz"), release.artifacts.get("backend"));
  }

  private static byte[] servedManifest(ReleaseFixture release) {
    return given()
        .get("/api/v1/releases/" + release.product + "/" + release.version + "/manifest")
        .then()
        .statusCode(200)
        .extract()
        .asByteArray();
  }

  private Run publish(String... args) throws IOException, InterruptedException {
    return publish(Map.of(), args);
  }

  private Run publish(Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    assumeTrue(onPath("curl") && onPath("jq"), "curl or jq is not installed");
    List<String> command = new ArrayList<>(List.of("bash", "src/main/scripts/publish.sh"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("OPENUPDATE_URL", server.toString());
    builder.environment().put("OPENUPDATE_TOKEN", token);
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("publish.sh finished").isTrue();
    return new Run(process.exitValue(), output);
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    return path != null
        && java.util.Arrays.stream(path.split(":"))
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
  }
}
