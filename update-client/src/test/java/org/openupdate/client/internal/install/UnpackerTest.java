package org.openupdate.client.internal.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.client.testing.Archives;
import org.openupdate.client.testing.Release;

/** Archives made by GNU tar, Info-ZIP and java.util.zip, unpacked into a component folder. */
class UnpackerTest {
  private static final String LONG_DIR =
      "a-folder-name-long-enough-that-the-whole-path-needs-more-than-one-hundred-bytes/";

  @TempDir Path dir;

  private Archives source() {
    return Archives.folder(dir.resolve("build"));
  }

  private Path component() {
    return dir.resolve("versions/2.0.0/backend");
  }

  private void place(byte[] artifact) throws IOException {
    Unpacker.place(Files.write(dir.resolve("artifact"), artifact), component(), "backend");
  }

  @Test
  void shouldUnpackGnuLongNamesWithTheirModes() throws IOException {
    String name = LONG_DIR + LONG_DIR + "start";
    place(source().file(name, "#!/bin/sh\n", "rwxr-x---").tarGz("--format=gnu"));

    assertThat(Files.getPosixFilePermissions(component().resolve(name)))
        .isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));
  }

  @Test
  void shouldUnpackPaxPathsWithNonAsciiNames() throws IOException {
    String name = LONG_DIR + "données/" + LONG_DIR + "résumé.txt";
    place(source().file(name, "pax", "rw-r-----").tarGz("--format=pax"));

    assertThat(Files.readString(component().resolve(name))).isEqualTo("pax");
  }

  @Test
  void shouldJoinTheUstarPrefixAndName() throws IOException {
    String name = LONG_DIR + "bin/start";
    place(source().file(name, "ustar", "rwxr-xr-x").tarGz("--format=ustar"));

    assertThat(Files.readString(component().resolve(name))).isEqualTo("ustar");
  }

  @Test
  void shouldInstallAHardLinkAsACopyOfTheFileItNames() throws IOException {
    place(
        source()
            .file("bin/tool", "#!/bin/sh\n", "rwxr-xr-x")
            .hardLink("tool-alias", "bin/tool")
            .tarGz());

    Path alias = component().resolve("tool-alias");
    assertThat(Files.readString(alias)).isEqualTo("#!/bin/sh\n");
    assertThat(Files.getPosixFilePermissions(alias))
        .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(Files.isSameFile(alias, component().resolve("bin/tool"))).isFalse();
  }

  @Test
  void shouldRefuseASymlinkThatLeavesThroughAnotherSymlink() {
    // Lexically "here/.." stays inside; but "here" is the folder itself, so ".." leaves it.
    byte[] archive =
        source().file("app.txt", "x", "rw-r--r--").link("here", ".").link("up", "here/..").tarGz();

    assertThatThrownBy(() -> place(archive))
        .hasMessageContaining("tar entry './up'")
        .hasMessageContaining("'here/..'")
        .hasMessageContaining("leads outside");
  }

  @Test
  void shouldRefuseAnEntryWrittenThroughASymlink() throws IOException {
    source().link("d", "sub").file("sub/keep.txt", "x", "rw-r--r--");
    Archives other = Archives.folder(dir.resolve("other")).file("d/x.txt", "y", "rw-r--r--");
    byte[] archive =
        source()
            .shell(
                "tar -cf \"$OUT.tar\" sub d && tar -rf \"$OUT.tar\" -C \""
                    + other.root()
                    + "\" d/x.txt && gzip -c \"$OUT.tar\" > \"$OUT\" && rm \"$OUT.tar\"");

    assertThatThrownBy(() -> place(archive))
        .hasMessageContaining("tar entry 'd/x.txt'")
        .hasMessageContaining("through the symbolic link 'd'");
  }

  @Test
  void shouldRefuseAFifoInATarGz() throws IOException {
    byte[] archive = source().shell("mkfifo pipe && tar -czf \"$OUT\" pipe");

    assertThatThrownBy(() -> place(archive))
        .hasMessageContaining("tar entry 'pipe'")
        .hasMessageContaining("special file");
  }

  @Test
  void shouldRefuseAZipSymlinkThatClimbsOut() {
    byte[] archive = source().link("up", "../../..").zip();

    assertThatThrownBy(() -> place(archive))
        .hasMessageContaining("zip entry 'up'")
        .hasMessageContaining("leads outside");
  }

  @Test
  void shouldMakeOnlyShellScriptsExecutableInAZipWithoutUnixModes() throws IOException {
    place(Release.zip(Map.of("bin/run.sh", "echo hi\n", "bin/tool", "data")));

    assertThat(Files.isExecutable(component().resolve("bin/run.sh"))).isTrue();
    assertThat(Files.isExecutable(component().resolve("bin/tool"))).isFalse();
  }

  @Test
  void shouldCopyAGzipFileThatIsNotATarUnderItsName() throws IOException {
    byte[] gzip = source().shell("echo '{\"a\":1}' | gzip -c > \"$OUT\"");

    place(gzip);

    assertThat(Files.readAllBytes(component().resolve("backend"))).isEqualTo(gzip);
  }
}
