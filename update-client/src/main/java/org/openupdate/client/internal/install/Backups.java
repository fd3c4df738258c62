package org.openupdate.client.internal.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.openupdate.client.internal.Sha256;

/**
 * Copies the configured data paths to {@code <stateDir>/backups/<fromVersion>-<millis>/} before a
 * switch. {@code SHA256SUMS} is written last: a backup without it is incomplete and never restored.
 * Item {@code i} of the data paths lives in {@code data/<i>/}; {@code ABSENT-<i>} records a path
 * that did not exist, so a restore removes what the update created there.
 */
public final class Backups {
  private static final String SUMS = "SHA256SUMS";
  private final Path backupsDir;
  private final List<Path> dataPaths;
  private final Clock clock;

  public Backups(Path stateDir, List<Path> dataPaths, Clock clock) {
    this.backupsDir = stateDir.resolve("backups");
    this.dataPaths = List.copyOf(dataPaths);
    this.clock = clock;
  }

  public Path create(String fromVersion) throws IOException {
    Path dir = backupsDir.resolve(safe(fromVersion) + "-" + clock.millis());
    Files.createDirectories(dir);
    StringBuilder sums = new StringBuilder();
    for (int i = 0; i < dataPaths.size(); i++) {
      Path source = dataPaths.get(i);
      if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
        Files.createFile(dir.resolve("ABSENT-" + i));
        continue;
      }
      Path target = dir.resolve("data").resolve(Integer.toString(i));
      Tree.copy(source, target);
    }
    Path data = dir.resolve("data");
    if (Files.isDirectory(data)) {
      try (Stream<Path> files = Files.walk(data)) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          sums.append(Sha256.of(file)).append("  ").append(dir.relativize(file)).append('\n');
        }
      }
    }
    org.openupdate.client.internal.state.StateStore.writeAtomically(
        dir.resolve(SUMS), sums.toString().getBytes(StandardCharsets.UTF_8));
    return dir;
  }

  /** Verifies the backup's sums, then puts every data path back exactly as it was. */
  public void restore(Path backup) throws IOException {
    if (!Files.exists(backup.resolve(SUMS))) {
      throw new IOException("backup " + backup + " is incomplete (no " + SUMS + "); not restored");
    }
    for (String line : Files.readAllLines(backup.resolve(SUMS), StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      String expected = line.substring(0, 64);
      Path file = backup.resolve(line.substring(66));
      if (!Files.isRegularFile(file) || !expected.equals(Sha256.of(file))) {
        throw new IOException("backup file " + file + " does not match its SHA-256; not restored");
      }
    }
    for (int i = 0; i < dataPaths.size(); i++) {
      Path target = dataPaths.get(i);
      Tree.delete(target);
      if (!Files.exists(backup.resolve("ABSENT-" + i))) {
        Tree.copy(backup.resolve("data").resolve(Integer.toString(i)), target);
      }
    }
  }

  /** The newest complete backup taken when leaving {@code version}. */
  public Optional<Path> latestFrom(String version) throws IOException {
    return list().stream()
        .filter(dir -> dir.getFileName().toString().startsWith(safe(version) + "-"))
        .filter(dir -> Files.exists(dir.resolve(SUMS)))
        .reduce((first, second) -> second);
  }

  /** Deletes incomplete backups and all but the newest {@code keep} complete ones. */
  public void prune(int keep) throws IOException {
    List<Path> complete = new ArrayList<>();
    for (Path dir : list()) {
      if (Files.exists(dir.resolve(SUMS))) {
        complete.add(dir);
      } else {
        Tree.delete(dir);
      }
    }
    for (int i = 0; i < complete.size() - keep; i++) {
      Tree.delete(complete.get(i));
    }
  }

  /** Backup directories, oldest first. */
  private List<Path> list() throws IOException {
    List<Path> dirs = new ArrayList<>();
    if (!Files.isDirectory(backupsDir)) {
      return dirs;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(backupsDir, Files::isDirectory)) {
      stream.forEach(dirs::add);
    }
    dirs.sort(
        java.util.Comparator.comparingLong(
            dir -> {
              String name = dir.getFileName().toString();
              return Long.parseLong(name.substring(name.lastIndexOf('-') + 1));
            }));
    return dirs;
  }

  private static String safe(String version) {
    return version == null || version.isEmpty()
        ? "none"
        : version.replaceAll("[^A-Za-z0-9.+_-]", "_");
  }
}
