package org.openupdate.client.internal.install;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Puts one component's artifact into {@code <versionDir>/<component>/}. The format is told by the
 * first bytes, never by the name: a zip ({@code PK\3\4}) or a gzip-compressed tar (gzip magic, then
 * a ustar header) is unpacked there with its Unix modes and symbolic links, inside the folder only
 * (see {@link ComponentFolder}); any other file is copied in under {@code fileName}.
 */
final class Unpacker {
  private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
  private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};
  private static final int MAX_LINK_TARGET_BYTES = 4096;

  private enum Format {
    ZIP,
    TAR_GZ,
    OTHER
  }

  private Unpacker() {}

  static void place(Path artifact, Path componentDir, String fileName) throws IOException {
    Files.createDirectories(componentDir);
    switch (formatOf(artifact)) {
      case ZIP -> unzip(artifact, new ComponentFolder(componentDir, "zip entry"));
      case TAR_GZ -> untar(artifact, new ComponentFolder(componentDir, "tar entry"));
      case OTHER ->
          Files.copy(artifact, componentDir.resolve(fileName), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static Format formatOf(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(ZIP_MAGIC.length);
    }
    if (Arrays.equals(head, ZIP_MAGIC)) {
      return Format.ZIP;
    }
    if (head.length < 2 || head[0] != GZIP_MAGIC[0] || head[1] != GZIP_MAGIC[1]) {
      return Format.OTHER;
    }
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return TarReader.isHeader(in.readNBytes(TarReader.BLOCK)) ? Format.TAR_GZ : Format.OTHER;
    } catch (IOException e) {
      // Not a gzip we can read, so not an archive we can unpack: it is installed as the file it is.
      return Format.OTHER;
    }
  }

  private static void untar(Path archive, ComponentFolder folder) throws IOException {
    try (InputStream in =
        new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive)), 64 * 1024)) {
      TarReader tar = new TarReader(in);
      Optional<TarReader.Entry> next;
      while ((next = tar.next()).isPresent()) {
        TarReader.Entry entry = next.get();
        if (entry.isDirectory()) {
          folder.directory(entry.name());
        } else if (entry.isFile()) {
          folder.file(entry.name(), tar.data(), permissions(entry.mode()));
        } else if (entry.type() == '2') {
          folder.symlink(entry.name(), entry.linkName());
        } else if (entry.type() == '1') {
          folder.hardLink(entry.name(), entry.linkName());
        } else {
          throw folder.refused(
              entry.name(),
              "has tar type '" + entry.type() + "' (a device, FIFO or other special file)");
        }
      }
    }
    folder.finish();
  }

  private static void unzip(Path archive, ComponentFolder folder) throws IOException {
    Map<String, Integer> modes = ZipModes.read(archive);
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        String name = entry.getName();
        Integer mode = modes.get(name);
        int type = mode == null ? 0 : mode & ZipModes.TYPE_MASK;
        if (type == ZipModes.SYMLINK) {
          folder.symlink(name, linkTarget(zip, entry, folder));
        } else if (entry.isDirectory() || type == ZipModes.DIRECTORY) {
          folder.directory(name);
        } else if (type == 0 || type == ZipModes.REGULAR) {
          try (InputStream in = zip.getInputStream(entry)) {
            Path file = folder.file(name, in, mode == null ? null : permissions(mode));
            if (mode == null && name.endsWith(".sh")) {
              // Made without Unix modes (Windows, java.util.zip): scripts must still run.
              file.toFile().setExecutable(true, false);
            }
          }
        } else {
          throw folder.refused(name, "is a device, FIFO or other special file");
        }
      }
    }
    folder.finish();
  }

  /** A zip stores a symbolic link's target as the entry's content. */
  private static String linkTarget(ZipFile zip, ZipEntry entry, ComponentFolder folder)
      throws IOException {
    try (InputStream in = zip.getInputStream(entry)) {
      byte[] target = in.readNBytes(MAX_LINK_TARGET_BYTES + 1);
      if (target.length > MAX_LINK_TARGET_BYTES) {
        throw folder.refused(entry.getName(), "is a symbolic link with an oversized target");
      }
      return new String(target, StandardCharsets.UTF_8);
    }
  }

  /**
   * The owner/group/other bits only: set-user-ID, set-group-ID and sticky bits from an archive are
   * not applied, so an update can never install a program that runs as someone else.
   */
  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (0400 >> i)) != 0) {
        permissions.add(bits[i]);
      }
    }
    return permissions;
  }
}
