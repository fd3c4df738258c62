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
import org.openupdate.manifest.RefusalReason;

class ArtifactDownloaderTest {
  private static final ArtifactDownloader.Progress NONE = ArtifactDownloader.Progress.NONE;
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
    // A few bytes before the held end are asked for again, to see that they are the same file.
    assertThat(server.rangeRequests())
        .containsExactly("bytes=" + (kept - ArtifactDownloader.OVERLAP) + "-");
    assertThat(Files.readAllBytes(file)).isEqualTo(artifact);
  }

  @Test
  void shouldDiscardAPartOfAnotherFileAndStartOverWhenResuming() throws IOException {
    String sha = FakeUpdateServer.sha256(artifact);
    URI uri = uri(server.putArtifact(artifact));
    Path part = droppedHalfwayThroughAnotherFile(sha, uri);
    server.tamper(sha, artifact);

    Path file = downloader(0, Duration.ofSeconds(5)).fetch(uri, sha, artifact.length, NONE);

    assertThat(Files.readAllBytes(file)).isEqualTo(artifact);
    assertThat(part).doesNotExist();
    // The first answer dropped, the resume's overlap differed, the third started from byte 0.
    assertThat(server.requested()).containsExactly(uri.getPath(), uri.getPath(), uri.getPath());
    assertThat(server.rangeRequests()).hasSize(1);
  }

  @Test
  void shouldRefuseCleanlyWhenTheRestartedDownloadIsForeignToo() throws IOException {
    String sha = FakeUpdateServer.sha256(artifact);
    URI uri = uri(server.putArtifact(artifact));
    Path part = droppedHalfwayThroughAnotherFile(sha, uri);
    byte[] third = new byte[artifact.length];
    new Random(8).nextBytes(third);
    server.tamper(sha, third);

    assertThatThrownBy(
            () -> downloader(0, Duration.ofSeconds(5)).fetch(uri, sha, third.length, NONE))
        .isInstanceOf(DownloadException.class)
        .satisfies(
            e -> assertThat(((DownloadException) e).refusal()).contains(RefusalReason.BAD_HASH))
        .hasMessageContaining("has SHA-256 " + FakeUpdateServer.sha256(third));
    assertThat(part).doesNotExist();
    assertThat(dir.resolve("downloads").resolve(sha)).doesNotExist();
    assertThat(server.requested()).hasSize(3);
  }

  /**
   * A plain mirror (no ETag) answers for {@code sha} with another file of the same length and drops
   * the connection halfway: the part held is of the wrong file. Returns the part.
   */
  private Path droppedHalfwayThroughAnotherFile(String sha, URI uri) throws IOException {
    byte[] other = new byte[artifact.length];
    new Random(7).nextBytes(other);
    server.withoutEtags();
    server.tamper(sha, other);
    server.serve(sha, Mode.DROP_HALFWAY_ONCE);
    assertThatThrownBy(
            () -> downloader(0, Duration.ofSeconds(5)).fetch(uri, sha, other.length, NONE))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining("will resume later");
    Path part = dir.resolve("downloads").resolve(sha + ".part");
    assertThat(Files.size(part)).isGreaterThan(ArtifactDownloader.OVERLAP).isLessThan(other.length);
    return part;
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
  void shouldDiscardThePartialFileWhenTheServerAnswersWithAnotherFilesEtag() throws IOException {
    String sha = FakeUpdateServer.sha256(artifact);
    URI uri = uri(server.putArtifact(artifact));
    Path part = partOfTheArtifact(artifact.length / 2);
    byte[] other = artifact.clone();
    other[artifact.length - 1] ^= 1;
    server.tamper(sha, other);
    // Without the check it would append some of the other file and keep it for resuming.
    server.serve(sha, Mode.DROP_HALFWAY_ONCE);

    assertThatThrownBy(
            () ->
                downloader(0, Duration.ofSeconds(5))
                    .fetch(uri, sha, artifact.length, ArtifactDownloader.Progress.NONE))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining("by its ETag but the signed manifest says " + sha)
        .satisfies(
            e -> assertThat(((DownloadException) e).refusal()).contains(RefusalReason.BAD_HASH));
    assertThat(part).doesNotExist();
  }

  @Test
  void shouldDiscardThePartialFileWhenAMirrorResumesAShorterFile() throws IOException {
    String sha = FakeUpdateServer.sha256(artifact);
    URI uri = uri(server.putArtifact(artifact));
    Path part = partOfTheArtifact(1000);
    server.withoutEtags();
    server.tamper(sha, java.util.Arrays.copyOf(artifact, artifact.length / 2));

    assertThatThrownBy(
            () ->
                downloader(0, Duration.ofSeconds(5))
                    .fetch(uri, sha, artifact.length, ArtifactDownloader.Progress.NONE))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining(
            "is shorter ("
                + artifact.length / 2
                + " bytes) than its signed size "
                + artifact.length)
        .satisfies(
            e -> assertThat(((DownloadException) e).refusal()).contains(RefusalReason.BAD_SIZE));
    assertThat(part).doesNotExist();
  }

  @Test
  void shouldRefuseAShorterFileInsteadOfKeepingItForResuming() {
    String sha = FakeUpdateServer.sha256(artifact);
    URI uri = uri(server.putArtifact(artifact));
    server.withoutEtags();
    server.tamper(sha, java.util.Arrays.copyOf(artifact, 1000));

    assertThatThrownBy(
            () ->
                downloader(0, Duration.ofSeconds(5))
                    .fetch(uri, sha, artifact.length, ArtifactDownloader.Progress.NONE))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining("is shorter (1000 bytes) than its signed size");
    assertThat(dir.resolve("downloads").resolve(sha + ".part")).doesNotExist();
  }

  @Test
  void shouldDiscardAPartialFileLongerThanTheServersFile() throws IOException {
    String sha = FakeUpdateServer.sha256(artifact);
    URI uri = uri(server.putArtifact(artifact));
    // Longer than the server's file by more than the overlap asked for again: a 416.
    Path part = partOfTheArtifact(500 + ArtifactDownloader.OVERLAP + 1000);
    server.tamper(sha, new byte[500]);

    assertThatThrownBy(
            () ->
                downloader(0, Duration.ofSeconds(5))
                    .fetch(uri, sha, artifact.length, ArtifactDownloader.Progress.NONE))
        .isInstanceOf(DownloadException.class)
        .hasMessageContaining(
            "is shorter than the "
                + (500 + ArtifactDownloader.OVERLAP + 1000)
                + " bytes downloaded before (HTTP 416)");
    assertThat(part).doesNotExist();
  }

  /**
   * A partial download of the artifact's first {@code bytes}, as an interrupted fetch leaves it.
   */
  private Path partOfTheArtifact(int bytes) throws IOException {
    Path downloads = Files.createDirectories(dir.resolve("downloads"));
    return Files.write(
        downloads.resolve(FakeUpdateServer.sha256(artifact) + ".part"),
        java.util.Arrays.copyOf(artifact, bytes));
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
