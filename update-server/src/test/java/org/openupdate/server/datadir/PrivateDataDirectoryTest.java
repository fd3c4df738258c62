package org.openupdate.server.datadir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory is made for the server's user only; one that exists keeps the permissions an
 * operator chose, and one others can read is reported with a warning (as the README says).
 */
class PrivateDataDirectoryTest {

  @TempDir Path dir;

  /** The warnings logged while {@code directory} is made private: message and its arguments. */
  private static List<String> warningsEnsuring(Path directory) {
    List<String> warnings = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
              warnings.add(
                  record.getMessage()
                      + " "
                      + Arrays.toString(
                          record.getParameters() == null ? new Object[0] : record.getParameters()));
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger logger = Logger.getLogger(PrivateDataDirectory.class.getName());
    logger.addHandler(capture);
    try {
      PrivateDataDirectory.ensurePrivate(directory);
    } finally {
      logger.removeHandler(capture);
    }
    return warnings;
  }

  @Test
  void shouldCreateTheDirectoryForItsUserOnlyWithoutAWarning() throws Exception {
    Path data = dir.resolve("new").resolve("data");

    List<String> warnings = warningsEnsuring(data);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
        .isEqualTo("rwx------");
    assertThat(warnings).isEmpty();
  }

  @Test
  void shouldWarnOfAnExistingDirectoryOthersCanReadAndLeaveItsPermissions() throws Exception {
    Path data =
        Files.createDirectory(
            dir.resolve("data"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    // The umask may have taken bits away at creation.
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));

    List<String> warnings = warningsEnsuring(data);

    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("can be read by other users", "chmod 700", data.toString(), "rwxr-xr-x");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
        .isEqualTo("rwxr-xr-x");
  }

  @Test
  void shouldNotWarnOfAnExistingPrivateDirectory() throws Exception {
    Path data =
        Files.createDirectory(
            dir.resolve("data"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));

    assertThat(warningsEnsuring(data)).isEmpty();
  }
}
