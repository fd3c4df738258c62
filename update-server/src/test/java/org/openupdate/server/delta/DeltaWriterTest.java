package org.openupdate.server.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.manifest.Version;

/**
 * Deltas written here and applied by the packaged agent's own patcher ({@code DeltaApplier} in
 * {@code update-client.jar}, run as a process at {@code -Xmx32m}): what it rebuilds is compared
 * with what the new archive holds.
 */
class DeltaWriterTest {
  private static final Path AGENT_JAR = Path.of("../update-client/target/update-client.jar");
  private static final DeltaWriter.Limits LIMITS =
      new DeltaWriter.Limits(32 << 20, System.nanoTime() + Duration.ofMinutes(5).toNanos());

  @TempDir Path dir;

  @Test
  void shouldRebuildAZipFileForFileWithItsModesLinksAndModelessScripts() throws Exception {
    byte[] lib = random(400_000, 1);
    byte[] lib2 = lib.clone();
    lib2[200_000] ^= 1;
    Path old =
        zip("old.zip", new Entry("bin/run", "v1", 0755), new Entry("lib/core.bin", lib, 0644));
    Path next =
        zip(
            "new.zip",
            new Entry("bin/run", "v2", 0755),
            new Entry("lib/core.bin", lib2, 0640),
            new Entry("lib/latest", "core.bin", 0120777),
            new Entry("start.sh", "echo hi", -1),
            new Entry("docs/", "", 040755));

    Path out = applied(old, next);

    assertThat(Files.readString(out.resolve("bin/run"))).isEqualTo("v2");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("bin/run"))))
        .isEqualTo("rwxr-xr-x");
    assertThat(Files.readAllBytes(out.resolve("lib/core.bin"))).isEqualTo(lib2);
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(out.resolve("lib/core.bin"))))
        .isEqualTo("rw-r-----");
    assertThat(Files.readSymbolicLink(out.resolve("lib/latest"))).isEqualTo(Path.of("core.bin"));
    assertThat(Files.isExecutable(out.resolve("start.sh"))).isTrue();
    assertThat(out.resolve("docs")).isDirectory();
  }

  @Test
  void shouldSendOnlyTheChangedBytesOfAChangedFile() throws Exception {
    byte[] big = random(2_000_000, 2);
    byte[] changed = Arrays.copyOf(big, big.length + 5000);
    changed[1_000_000] ^= 1;
    Path old = tarGz("old.tar.gz", "app/big.bin", big);
    Path next = tarGz("new.tar.gz", "app/big.bin", changed);

    Path delta = delta(old, next);

    assertThat(Files.size(delta)).isLessThan(10_000);
    assertThat(Files.readAllBytes(apply(old, delta).resolve("app/big.bin"))).isEqualTo(changed);
  }

  @Test
  void shouldRebuildASingleFileComponentByteForByte() throws Exception {
    byte[] v1 = random(300_000, 3);
    byte[] v2 = v1.clone();
    v2[5] ^= 1;
    Path old = Files.write(dir.resolve("v1.bin"), v1);
    Path next = Files.write(dir.resolve("v2.bin"), v2);
    Path installed = Files.createDirectories(dir.resolve("installed"));
    Files.write(installed.resolve("agent-file-name.bin"), v1);

    Path out = run(installed, delta(old, next));

    // The benchmark entry point names a single file 'file'; the agent uses its own file name.
    assertThat(Files.readAllBytes(out.resolve("file"))).isEqualTo(v2);
  }

  @Test
  void shouldRefuseAnArchiveWhoseEntryLeavesTheComponentFolder() throws Exception {
    Path evil = tarGz("evil.tar.gz", "../outside.txt", "x".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> ComponentTree.read(evil, dir.resolve("work"), 100))
        .hasMessageContaining("'../outside.txt' leaves the component folder");
  }

  @Test
  void shouldChooseTheMostInstalledOlderVersionsThenThePreviousRelease() {
    List<String> fleet = List.of("1.2.0", "3.0.0", "1.0.0", "0.9.0", "1.1.0", "not-published");
    List<String> published = List.of("0.9.0", "1.0.0", "1.1.0", "1.2.0", "1.3.0", "3.0.0");

    assertThat(DeltaService.bases(fleet, published, Version.parse("2.0.0"), 3))
        .containsExactly("1.2.0", "1.0.0", "0.9.0", "1.3.0");
  }

  private record Entry(String name, byte[] content, int mode) {
    Entry(String name, String content, int mode) {
      this(name, content.getBytes(StandardCharsets.UTF_8), mode);
    }
  }

  private Path applied(Path old, Path next) throws Exception {
    return apply(old, delta(old, next));
  }

  private Path delta(Path old, Path next) throws IOException {
    Path delta = dir.resolve("delta-" + next.getFileName());
    DeltaWriter.write(
        ComponentTree.read(old, dir.resolve("work-old-" + next.getFileName()), 1000),
        ComponentTree.read(next, dir.resolve("work-new-" + next.getFileName()), 1000),
        delta,
        LIMITS);
    return delta;
  }

  /** Unpacks the old archive as the installed version, then runs the agent's patcher. */
  private Path apply(Path old, Path delta) throws Exception {
    Path installed = dir.resolve("installed-" + old.getFileName());
    Files.createDirectories(installed);
    Process tar =
        new ProcessBuilder(
                old.toString().endsWith(".zip")
                    ? List.of("unzip", "-q", old.toString(), "-d", installed.toString())
                    : List.of("tar", "-xzf", old.toString(), "-C", installed.toString()))
            .inheritIO()
            .start();
    assertThat(tar.waitFor()).isZero();
    return run(installed, delta);
  }

  private Path run(Path installed, Path delta) throws Exception {
    Path out = dir.resolve("out-" + delta.getFileName());
    Process agent =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m",
                "-cp",
                AGENT_JAR.toString(),
                "org.openupdate.client.internal.install.DeltaApplier",
                installed.toString(),
                delta.toString(),
                out.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(agent.exitValue()).as(new String(agent.getInputStream().readAllBytes())).isZero();
    return out;
  }

  private Path zip(String name, Entry... entries) throws IOException {
    Path file = dir.resolve(name);
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
      for (Entry e : entries) {
        ZipArchiveEntry entry = new ZipArchiveEntry(e.name());
        if (e.mode() >= 0) {
          entry.setUnixMode(e.mode() > 0777 ? e.mode() : 0100000 | e.mode());
        }
        zip.putArchiveEntry(entry);
        zip.write(e.content());
        zip.closeArchiveEntry();
      }
    }
    return file;
  }

  private Path tarGz(String name, String entryName, byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      TarArchiveEntry entry = new TarArchiveEntry(entryName, true);
      entry.setSize(content.length);
      tar.putArchiveEntry(entry);
      tar.write(content);
      tar.closeArchiveEntry();
    }
    return Files.write(dir.resolve(name), bytes.toByteArray());
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
