package org.openupdate.client.internal.install;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Puts one component's artifact into {@code <versionDir>/<component>/}: a zip is unpacked there
 * (entries that would land outside are refused), any other file is copied in under {@code
 * fileName}.
 */
final class Unpacker {
  private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

  private Unpacker() {}

  static void place(Path artifact, Path componentDir, String fileName) throws IOException {
    Files.createDirectories(componentDir);
    if (isZip(artifact)) {
      unzip(artifact, componentDir);
    } else {
      Files.copy(artifact, componentDir.resolve(fileName), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static boolean isZip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(4);
      return java.util.Arrays.equals(head, ZIP_MAGIC);
    }
  }

  private static void unzip(Path zip, Path target) throws IOException {
    Path root = target.toAbsolutePath().normalize();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        Path out = root.resolve(entry.getName()).normalize();
        if (!out.startsWith(root) || out.equals(root)) {
          throw new IOException(
              "zip entry '" + entry.getName() + "' would be written outside " + root + "; refused");
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
          if (out.getFileName().toString().endsWith(".sh")) {
            // java.util.zip drops Unix modes; scripts are the files that must stay runnable.
            out.toFile().setExecutable(true, false);
          }
        }
      }
    }
  }
}
