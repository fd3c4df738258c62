package org.openupdate.server.release;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.openupdate.server.support.ReleaseFixture.aRelease;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

  record Run(int exitCode, String output) {}

  @Test
  void shouldPublishBuildInOneCommand() throws Exception {
    ReleaseFixture release = aRelease();
    Path manifest = Files.write(temp.resolve("manifest.json"), release.manifestBytes());
    Path artifact = Files.write(temp.resolve("backend.tar.gz"), release.artifacts.get("backend"));

    Run run =
        publish(Admin.newToken("publisher"), manifest.toString(), "beta", "backend=" + artifact);

    assertThat(run.exitCode()).as(run.output()).isZero();
    byte[] served =
        given()
            .get("/api/v1/releases/" + release.product + "/1.0.0/manifest")
            .then()
            .statusCode(200)
            .extract()
            .asByteArray();
    assertThat(served).isEqualTo(release.manifestBytes());
    given()
        .get("/api/v1/artifacts/" + ReleaseFixture.sha256(release.artifacts.get("backend")))
        .then()
        .statusCode(200);
  }

  @Test
  void shouldFailWithTheServersProblemWhenAnArtifactDoesNotMatch() throws Exception {
    ReleaseFixture release = aRelease();
    Path manifest = Files.write(temp.resolve("manifest.json"), release.manifestBytes());
    Path wrong = Files.write(temp.resolve("backend.tar.gz"), ReleaseFixture.randomBytes(10));

    Run run = publish(Admin.newToken("publisher"), manifest.toString(), "beta", "backend=" + wrong);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output()).contains("HTTP 422").contains("/components/backend/size");
    given().get("/api/v1/releases/" + release.product + "/1.0.0/manifest").then().statusCode(404);
  }

  private Run publish(String token, String... args) throws IOException, InterruptedException {
    assumeTrue(onPath("curl"), "curl is not installed");
    List<String> command = new ArrayList<>(List.of("bash", "src/main/scripts/publish.sh"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("OPENUPDATE_URL", server.toString());
    builder.environment().put("OPENUPDATE_TOKEN", token);
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
