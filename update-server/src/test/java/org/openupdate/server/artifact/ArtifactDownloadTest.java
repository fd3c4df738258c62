package org.openupdate.server.artifact;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.openupdate.server.support.ReleaseFixture.aRelease;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Headers;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.openupdate.server.support.ReleaseFixture;

@QuarkusTest
class ArtifactDownloadTest {

  @Test
  void shouldServeWholeArtifactWithEtagAndLength() {
    byte[] bytes = storedArtifact();
    String sha = ReleaseFixture.sha256(bytes);
    byte[] body =
        given()
            .get("/api/v1/artifacts/" + sha)
            .then()
            .statusCode(200)
            .header("ETag", "\"" + sha + "\"")
            .header("Content-Length", String.valueOf(bytes.length))
            .header("Accept-Ranges", "bytes")
            .extract()
            .asByteArray();
    assertThat(body).isEqualTo(bytes);
  }

  @Test
  void shouldResumeInterruptedDownloadWithRangeToIdenticalBytes() throws Exception {
    byte[] bytes = storedArtifact();
    String sha = ReleaseFixture.sha256(bytes);
    int interruptedAt = 77_777;
    ByteArrayOutputStream assembled = new ByteArrayOutputStream();
    assembled.write(
        given()
            .header("Range", "bytes=0-" + (interruptedAt - 1))
            .get("/api/v1/artifacts/" + sha)
            .then()
            .statusCode(206)
            .extract()
            .asByteArray());
    byte[] rest =
        given()
            .header("Range", "bytes=" + interruptedAt + "-")
            .get("/api/v1/artifacts/" + sha)
            .then()
            .statusCode(206)
            .header(
                "Content-Range",
                "bytes " + interruptedAt + "-" + (bytes.length - 1) + "/" + bytes.length)
            .header("Content-Length", String.valueOf(bytes.length - interruptedAt))
            .header("ETag", "\"" + sha + "\"")
            .extract()
            .asByteArray();
    assembled.write(rest);
    assertThat(assembled.toByteArray()).isEqualTo(bytes);
    assertThat(ReleaseFixture.sha256(assembled.toByteArray())).isEqualTo(sha);
  }

  @Test
  void shouldServeSuffixRange() {
    byte[] bytes = storedArtifact();
    byte[] tail =
        given()
            .header("Range", "bytes=-100")
            .get("/api/v1/artifacts/" + ReleaseFixture.sha256(bytes))
            .then()
            .statusCode(206)
            .header(
                "Content-Range",
                "bytes " + (bytes.length - 100) + "-" + (bytes.length - 1) + "/" + bytes.length)
            .extract()
            .asByteArray();
    assertThat(tail).isEqualTo(Arrays.copyOfRange(bytes, bytes.length - 100, bytes.length));
  }

  @Test
  void shouldAnswer416ForRangeBeyondTheEnd() {
    byte[] bytes = storedArtifact();
    given()
        .header("Range", "bytes=" + bytes.length + "-")
        .get("/api/v1/artifacts/" + ReleaseFixture.sha256(bytes))
        .then()
        .statusCode(416)
        .contentType("application/problem+json")
        .header("Content-Range", "bytes */" + bytes.length);
  }

  @Test
  void shouldAnswer304WhenEtagMatches() {
    byte[] bytes = storedArtifact();
    String sha = ReleaseFixture.sha256(bytes);
    given()
        .header("If-None-Match", "\"" + sha + "\"")
        .get("/api/v1/artifacts/" + sha)
        .then()
        .statusCode(304)
        .header("ETag", "\"" + sha + "\"");
  }

  @Test
  void shouldServeWholeArtifactWhenIfRangeEtagDoesNotMatch() {
    byte[] bytes = storedArtifact();
    String sha = ReleaseFixture.sha256(bytes);
    // A weak tag never matches: If-Range needs the strong comparison (RFC 9110 13.1.5).
    for (String validator : new String[] {"\"" + "0".repeat(64) + "\"", "W/\"" + sha + "\""}) {
      byte[] body =
          given()
              .header("Range", "bytes=100-")
              .header("If-Range", validator)
              .get("/api/v1/artifacts/" + sha)
              .then()
              .statusCode(200)
              .header("Content-Length", String.valueOf(bytes.length))
              .extract()
              .asByteArray();
      assertThat(body).as("If-Range %s", validator).isEqualTo(bytes);
    }
  }

  @Test
  void shouldServeWholeArtifactWhenIfRangeIsADate() {
    byte[] bytes = storedArtifact();
    String sha = ReleaseFixture.sha256(bytes);
    byte[] body =
        given()
            .header("Range", "bytes=100-")
            .header("If-Range", "Tue, 01 Jan 2030 00:00:00 GMT")
            .get("/api/v1/artifacts/" + sha)
            .then()
            .statusCode(200)
            .extract()
            .asByteArray();
    assertThat(body).isEqualTo(bytes);
  }

  @Test
  void shouldServeRangeWhenIfRangeEtagMatches() {
    byte[] bytes = storedArtifact();
    String sha = ReleaseFixture.sha256(bytes);
    byte[] body =
        given()
            .header("Range", "bytes=100-")
            .header("If-Range", "\"" + sha + "\"")
            .get("/api/v1/artifacts/" + sha)
            .then()
            .statusCode(206)
            .extract()
            .asByteArray();
    assertThat(body).isEqualTo(Arrays.copyOfRange(bytes, 100, bytes.length));
  }

  @Test
  void shouldAnswerHeadWithTheHeadersOfGetAndNoBody() {
    byte[] bytes = storedArtifact();
    String sha = ReleaseFixture.sha256(bytes);
    Headers get =
        given().get("/api/v1/artifacts/" + sha).then().statusCode(200).extract().headers();
    ExtractableResponse<Response> head =
        given().head("/api/v1/artifacts/" + sha).then().statusCode(200).extract();
    assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(bytes.length));
    for (String name :
        new String[] {"Content-Length", "Content-Type", "ETag", "Accept-Ranges", "Cache-Control"}) {
      assertThat(head.header(name)).as(name).isNotNull().isEqualTo(get.getValue(name));
    }
    assertThat(head.asByteArray()).isEmpty();
  }

  @Test
  void shouldAnswer412WhenIfMatchDoesNotMatch() {
    byte[] bytes = storedArtifact();
    String sha = ReleaseFixture.sha256(bytes);
    given()
        .header("If-Match", "\"" + "0".repeat(64) + "\", W/\"" + sha + "\"")
        .get("/api/v1/artifacts/" + sha)
        .then()
        .statusCode(412)
        .contentType("application/problem+json")
        .body("type", equalTo("https://openupdate.org/problems/precondition-failed"))
        .body("errors[0].field", equalTo("If-Match"));
  }

  @Test
  void shouldServeWhenIfMatchIsStarOrTheEtag() {
    byte[] bytes = storedArtifact();
    String sha = ReleaseFixture.sha256(bytes);
    for (String condition : new String[] {"*", "\"other\", \"" + sha + "\""}) {
      byte[] body =
          given()
              .header("If-Match", condition)
              .get("/api/v1/artifacts/" + sha)
              .then()
              .statusCode(200)
              .extract()
              .asByteArray();
      assertThat(body).as("If-Match %s", condition).isEqualTo(bytes);
    }
  }

  @Test
  void shouldAnswer400ForNameThatIsNotAHash() {
    given()
        .urlEncodingEnabled(false)
        .get("/api/v1/artifacts/..%2F..%2Fdb%2Fopenupdate.mv.db")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("sha256"));
  }

  @Test
  void shouldAnswer404ForUnknownHash() {
    given()
        .get("/api/v1/artifacts/" + "0".repeat(64))
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  private static byte[] storedArtifact() {
    return aRelease().createDraft().uploadAll().artifacts.get("backend");
  }
}
