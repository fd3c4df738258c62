package org.openupdate.client.internal.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.client.internal.config.ConfigLoader;
import org.openupdate.client.internal.net.Http;
import org.openupdate.client.testing.AgentHome;
import org.openupdate.client.testing.FakeUpdateServer;
import org.openupdate.client.testing.FakeUpdateServer.Mode;

class ArtifactDownloaderTest {
  @TempDir Path dir;
  private FakeUpdateServer server;
  private Http http;
  private final byte[] artifact = new byte[1024 * 1024];

  @BeforeEach
  void start() throws IOException {
    server = new FakeUpdateServer();
    new Random(42).nextBytes(artifact);
    http = new Http(ConfigLoader.load(new AgentHome(dir, server.url()).writeConfig()));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ArtifactDownloader downloader(long floor, Duration window) {
    return new ArtifactDownloader(
        http, dir.resolve("downloads"), new Http.Limits(Duration.ofMinutes(5), floor, window));
  }

  private URI uri(String path) {
    return URI.create(server.url() + path);
  }

  @Test
  void shouldDownloadAndVerifyTheSignedBytes() throws IOException {
    String sha = FakeUpdateServer.sha256(artifact);
    Path file =
        downloader(0, Duration.ofSeconds(5))
            .fetch(
                uri(server.putArtifact(artifact)),
                sha,
                artifact.length,
                ArtifactDownloader.Progress.NONE);
    assertThat(Files.readAllBytes(file)).isEqualTo(artifact);
  }

  @Test
  void shouldResumeWithRangeAfterTheConnectionDropsHalfway() throws IOException {
    String sha = FakeUpdateServer.sha256(artifact);
    URI uri = uri(server.putArtifact(artifact));
    server.serve(sha, Mode.DROP_HALFWAY_ONCE);
    ArtifactDownloader downloader = downloader(0, Duration.ofSeconds(5));

    assertThatThrownBy(
            () -> downloader.fetch(uri, sha, artifact.length, ArtifactDownloader.Progress.NONE))
        .isInstanceOf(IOException.class);
    Path part = dir.resolve("downloads").resolve(sha + ".part");
    long kept = Files.size(part);
    assertThat(kept).isGreaterThan(0).isLessThan(artifact.length);

    Path file = downloader.fetch(uri, sha, artifact.length, ArtifactDownloader.Progress.NONE);
    assertThat(server.rangeRequests()).containsExactly("bytes=" + kept + "-");
    assertThat(Files.readAllBytes(file)).isEqualTo(artifact);
  }

  @Test
  void shouldStartOverWhenTheServerIgnoresRange() throws IOException {
    String sha = FakeUpdateServer.sha256(artifact);
    URI uri = uri(server.putArtifact(artifact));
    server.serve(sha, Mode.IGNORE_RANGE);
    Files.createDirectories(dir.resolve("downloads"));
    Files.write(
        dir.resolve("downloads").resolve(sha + ".part"), java.util.Arrays.copyOf(artifact, 1000));

    Path file =
        downloader(0, Duration.ofSeconds(5))
            .fetch(uri, sha, artifact.length, ArtifactDownloader.Progress.NONE);

    assertThat(Files.readAllBytes(file)).isEqualTo(artifact);
  }

  @Test
  void shouldRefuseEndlessDataBeyondTheSignedSize() {
    String sha = FakeUpdateServer.sha256(artifact);
    URI uri = uri(server.putArtifact(artifact));
    server.serve(sha, Mode.ENDLESS);

    assertThatThrownBy(
            () ->
                downloader(0, Duration.ofSeconds(5))
                    .fetch(uri, sha, artifact.length, ArtifactDownloader.Progress.NONE))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining("longer than its signed size " + artifact.length)
        .hasMessageContaining("endless data");
    assertThat(dir.resolve("downloads").resolve(sha + ".part")).doesNotExist();
    assertThat(dir.resolve("downloads").resolve(sha)).doesNotExist();
  }

  @Test
  void shouldRefuseAnArtifactLongerThanItsSignedSize() {
    String sha = FakeUpdateServer.sha256(artifact);
    URI uri = uri(server.putArtifact(artifact));

    assertThatThrownBy(
            () ->
                downloader(0, Duration.ofSeconds(5))
                    .fetch(uri, sha, artifact.length - 1, ArtifactDownloader.Progress.NONE))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining("than its signed size " + (artifact.length - 1));
  }

  @Test
  void shouldRefuseBytesWhoseHashDiffersFromTheManifest() {
    URI uri = uri(server.putArtifact(artifact));
    String wrong = "0".repeat(64);

    assertThatThrownBy(
            () ->
                downloader(0, Duration.ofSeconds(5))
                    .fetch(uri, wrong, artifact.length, ArtifactDownloader.Progress.NONE))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining("but the signed manifest says " + wrong);
    assertThat(dir.resolve("downloads").resolve(wrong + ".part")).doesNotExist();
  }

  @Test
  void shouldGiveUpOnADownloadSlowerThanTheFloor() {
    byte[] small = new byte[100];
    String sha = FakeUpdateServer.sha256(small);
    URI uri = uri(server.putArtifact(small));
    server.serve(sha, Mode.TRICKLE);

    assertThatThrownBy(
            () ->
                downloader(1000, Duration.ofSeconds(1))
                    .fetch(uri, sha, small.length, ArtifactDownloader.Progress.NONE))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining("below the floor of 1000 bytes/s")
        .hasMessageContaining("slow retrieval");
  }
}
