package org.openupdate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.client.testing.Release.aRelease;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.client.UpdateClient.Outcome;
import org.openupdate.client.testing.AgentHome;
import org.openupdate.client.testing.Archives;
import org.openupdate.client.testing.FakeUpdateServer;

/**
 * Releases whose components are real tar.gz and zip archives, made by GNU tar and Info-ZIP, go
 * through the whole install; what they hold must run afterwards.
 */
class ArchiveInstallTest {
  @TempDir Path dir;
  private FakeUpdateServer server;
  private AgentHome home;

  @BeforeEach
  void start() throws IOException {
    server = new FakeUpdateServer();
    home = new AgentHome(dir.resolve("machine"), server.url());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** A program without a .sh suffix, so only the archive's mode can make it executable. */
  private Archives backend() {
    return Archives.folder(dir.resolve("build"))
        .file(
            "bin/start",
            "#!/bin/sh\necho \"started $(cat \"$(dirname \"$0\")/../version.txt\")\"\n",
            "rwxr-xr-x")
        .file("version.txt", "2.0.0", "rw-r--r--")
        .link("bin/latest", "start");
  }

  @Test
  void shouldRunAnExecutableFromATarGzAfterInstall() throws Exception {
    server.offer(aRelease("2.0.0").component("backend", backend().tarGz()).build());

    var result = home.client().apply(false);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.INSTALLED);
    assertInstalledAndRunnable(home.install().resolve("current/backend"));
  }

  @Test
  void shouldRunAnExecutableFromAZipAfterInstall() throws Exception {
    server.offer(aRelease("2.0.0").component("backend", backend().zip()).build());

    var result = home.client().apply(false);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.INSTALLED);
    assertInstalledAndRunnable(home.install().resolve("current/backend"));
  }

  @Test
  void shouldRollBackATarGzWhoseSymlinkClimbsOutOfTheComponentFolder() {
    byte[] archive = backend().link("etc", "../../../../../../etc").tarGz();
    server.offer(aRelease("2.0.0").component("backend", archive).build());

    var result = home.client().apply(false);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(result.message())
        .contains("tar entry './etc'", "'../../../../../../etc'", "leads outside");
    assertThat(home.install().resolve("current")).doesNotExist();
  }

  @Test
  void shouldRollBackAZipWhoseSymlinkPointsAtAnAbsolutePath() {
    byte[] archive = backend().link("passwd", "/etc/passwd").zip();
    server.offer(aRelease("2.0.0").component("backend", archive).build());

    var result = home.client().apply(false);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(result.message()).contains("zip entry 'passwd'", "absolute path '/etc/passwd'");
    assertThat(home.install().resolve("current")).doesNotExist();
  }

  private static void assertInstalledAndRunnable(Path component) throws Exception {
    assertThat(Files.getPosixFilePermissions(component.resolve("bin/start")))
        .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(Files.getPosixFilePermissions(component.resolve("version.txt")))
        .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(Files.isSymbolicLink(component.resolve("bin/latest"))).isTrue();
    assertThat(Files.readSymbolicLink(component.resolve("bin/latest"))).isEqualTo(Path.of("start"));
    assertThat(component.resolve("bin/latest")).isRegularFile();
    assertThat(run(component.resolve("bin/start"))).isEqualTo("started 2.0.0\n");
    assertThat(run(component.resolve("bin/latest"))).isEqualTo("started 2.0.0\n");
  }

  /** Runs the program directly (no shell in between), as a service manager would. */
  private static String run(Path program) throws Exception {
    Process process = new ProcessBuilder(program.toString()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
