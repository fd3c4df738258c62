package org.openupdate.server.trust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.openupdate.manifest.pgp.GeneratedKey;
import org.openupdate.manifest.pgp.PgpKeys;
import org.openupdate.manifest.pgp.SigningKey;

/** Reading a configured secret key file, or generating one for the embedded default. */
final class KeyFiles {
  private KeyFiles() {}

  static SigningKey read(Path file, char[] passphrase, String what) {
    try {
      return PgpKeys.readSigningKey(Files.readAllBytes(file), passphrase);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + what + " file " + file, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(what + " file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The key in {@code file}, generated unprotected (readable by the server's user only) first. */
  static SigningKey loadOrGenerate(Path file, String userId, String what) {
    if (!Files.exists(file)) {
      GeneratedKey key = PgpKeys.generateEd25519(userId, null);
      try {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, "key-", ".tmp");
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
          Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        }
        Files.writeString(temp, key.armoredSecretKey(), StandardCharsets.US_ASCII);
        try {
          // A link, not a rename: it fails where the file exists, so of two instances sharing the
          // data directory at their first start, both end up with the key generated first.
          Files.createLink(file, temp);
        } catch (FileAlreadyExistsException e) {
          // The other instance's key is used.
        } finally {
          Files.deleteIfExists(temp);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write generated " + what + " " + file, e);
      }
    }
    return read(file, new char[0], what);
  }

  static char[] passphrase(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      // A secret file usually ends with a line break that is not part of the passphrase.
      return text.replaceFirst("\\r?\\n$", "").toCharArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read passphrase file " + file, e);
    }
  }
}
