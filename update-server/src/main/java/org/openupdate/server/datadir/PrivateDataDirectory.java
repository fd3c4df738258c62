package org.openupdate.server.datadir;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jboss.logging.Logger;

/**
 * Creates the data directory readable by the server's user only (0700): it holds the embedded
 * database, the artifacts, the generated signing key and the key that encrypts stored secrets, and
 * whoever reads it could sign updates. A directory that exists already keeps its permissions (an
 * operator may have chosen them); one that others can read is reported.
 *
 * <p>Done while Flyway is configured because Flyway opens the embedded database first thing at
 * start-up, and H2 would otherwise create the directory with the process' umask.
 */
@Singleton
public class PrivateDataDirectory implements FlywayConfigurationCustomizer {

  private static final Logger LOG = Logger.getLogger(PrivateDataDirectory.class);
  private static final Set<PosixFilePermission> OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_EXECUTE);

  @ConfigProperty(name = "openupdate.data-dir")
  Path dataDir;

  @Override
  public void customize(FluentConfiguration configuration) {
    ensurePrivate(dataDir.toAbsolutePath().normalize());
  }

  static void ensurePrivate(Path directory) {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    try {
      if (Files.notExists(directory)) {
        Files.createDirectories(directory.getParent());
        if (posix) {
          Files.createDirectory(
              directory,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectory(directory);
        }
      } else if (posix
          && Files.getPosixFilePermissions(directory).stream().anyMatch(OTHERS::contains)) {
        LOG.warnf(
            "The data directory %s can be read by other users (%s): it holds the database, the"
                + " generated signing key and the secrets key; chmod 700 it",
            directory, PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + directory, e);
    }
  }
}
