package org.openupdate.client.internal.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupsTest {
  @TempDir Path dir;

  private Backups backups(List<Path> paths, long millis) {
    return new Backups(
        dir.resolve("state"), paths, Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC));
  }

  @Test
  void shouldRestoreFoldersAndFilesExactlyAndRemoveWhatDidNotExist() throws IOException {
    Path data = Files.createDirectories(dir.resolve("data/sub"));
    Files.writeString(data.resolve("a.txt"), "one");
    Path config = Files.writeString(dir.resolve("app.conf"), "x=1");
    Path created = dir.resolve("cache");
    Backups backups = backups(List.of(dir.resolve("data"), config, created), 1000);
    Path backup = backups.create("2.0.0");

    Files.writeString(data.resolve("a.txt"), "migrated");
    Files.writeString(data.resolve("new.txt"), "added by 3.0.0");
    Files.writeString(config, "x=2");
    Files.createDirectories(created);
    backups.restore(backup);

    assertThat(Files.readString(data.resolve("a.txt"))).isEqualTo("one");
    assertThat(data.resolve("new.txt")).doesNotExist();
    assertThat(Files.readString(config)).isEqualTo("x=1");
    assertThat(created).doesNotExist();
    assertThat(Files.readString(backup.resolve("SHA256SUMS"))).contains("data/0/sub/a.txt");
  }

  @Test
  void shouldRefuseToRestoreADamagedBackup() throws IOException {
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("data/a.txt"), "one");
    Backups backups = backups(List.of(dir.resolve("data")), 1000);
    Path backup = backups.create("2.0.0");
    Files.writeString(backup.resolve("data/0/a.txt"), "bit rot");

    assertThatThrownBy(() -> backups.restore(backup))
        .hasMessageContaining("does not match its SHA-256");
    assertThat(Files.readString(dir.resolve("data/a.txt"))).isEqualTo("one");
  }

  @Test
  void shouldRefuseAnIncompleteBackupAndPruneIt() throws IOException {
    Backups backups = backups(List.of(dir.resolve("data")), 1000);
    Path partial = Files.createDirectories(dir.resolve("state/backups/2.0.0-5"));

    assertThatThrownBy(() -> backups.restore(partial)).hasMessageContaining("incomplete");
    backups.prune(3);
    assertThat(partial).doesNotExist();
  }

  @Test
  void shouldKeepOnlyTheNewestCompleteBackups() throws IOException {
    for (long millis = 1; millis <= 4; millis++) {
      backups(List.of(dir.resolve("data")), millis).create("v" + millis);
    }
    backups(List.of(), 9).prune(2);
    try (var left = Files.list(dir.resolve("state/backups"))) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("v3-3", "v4-4");
    }
  }
}
