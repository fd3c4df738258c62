package org.openupdate.server.delta;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.openupdate.manifest.DeltaFormat;

/**
 * A component as the agent installs it: the folder its zip or tar.gz unpacks to (final state after
 * later entries replace earlier ones), or the single file it is. File contents are copied to
 * numbered files under {@code work}, never held in memory. The rules follow the agent's unpacker:
 * the format is told by the first bytes, modes keep the permission bits only, a hard link becomes a
 * copy, a zip entry without a Unix mode gets none (the agent applies its default).
 */
final class ComponentTree {

  /** One entry of the unpacked folder. */
  sealed interface Node {}

  record Directory() implements Node {}

  record Link(String target) implements Node {}

  /**
   * @param mode permission bits, or {@link DeltaFormat#NO_MODE}
   */
  record FileNode(Path content, int mode, long size, byte[] sha256) implements Node {}

  private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
  private final boolean archive;
  private final Map<String, Node> nodes;

  private ComponentTree(boolean archive, Map<String, Node> nodes) {
    this.archive = archive;
    this.nodes = Collections.unmodifiableMap(nodes);
  }

  boolean archive() {
    return archive;
  }

  /** By path, in sorted order. */
  Map<String, Node> nodes() {
    return nodes;
  }

  /**
   * Reads {@code artifact}; throws when it holds something the agent would refuse (a path leaving
   * the folder, a device) or more than {@code maxEntries} entries.
   */
  static ComponentTree read(Path artifact, Path work, int maxEntries) throws IOException {
    Files.createDirectories(work);
    byte[] head;
    try (InputStream in = Files.newInputStream(artifact)) {
      head = in.readNBytes(4);
    }
    if (Arrays.equals(head, ZIP_MAGIC)) {
      return new ComponentTree(true, unzip(artifact, new Builder(work, maxEntries)));
    }
    if (head.length >= 2
        && (head[0] & 0xff) == 0x1f
        && (head[1] & 0xff) == 0x8b
        && isTar(artifact)) {
      return new ComponentTree(true, untar(artifact, new Builder(work, maxEntries)));
    }
    Builder single = new Builder(work, 1);
    try (InputStream in = Files.newInputStream(artifact)) {
      single.file("file", in, DeltaFormat.NO_MODE);
    }
    return new ComponentTree(false, single.nodes);
  }

  private static boolean isTar(Path artifact) {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(artifact))) {
      byte[] block = in.readNBytes(512);
      return block.length == 512
          && new String(block, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
    } catch (IOException e) {
      return false;
    }
  }

  private static Map<String, Node> untar(Path artifact, Builder tree) throws IOException {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(
            new GZIPInputStream(new BufferedInputStream(Files.newInputStream(artifact)), 65536))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String name = entry.getName();
        if (entry.isDirectory()) {
          tree.directory(name);
        } else if (entry.isSymbolicLink()) {
          tree.link(name, entry.getLinkName());
        } else if (entry.isLink()) {
          tree.hardLink(name, entry.getLinkName());
        } else if (entry.isFile()) {
          tree.file(name, tar, entry.getMode() & 0777);
        } else {
          throw new IOException("tar entry '" + name + "' is a special file");
        }
      }
    }
    return tree.nodes;
  }

  private static Map<String, Node> unzip(Path artifact, Builder tree) throws IOException {
    try (ZipFile zip = ZipFile.builder().setPath(artifact).get()) {
      for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
        String name = entry.getName();
        boolean unix = entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX;
        int mode = unix ? entry.getUnixMode() : 0;
        int type = mode & 0170000;
        if (unix && type == 0120000) {
          try (InputStream in = zip.getInputStream(entry)) {
            tree.link(name, new String(in.readNBytes(4097), StandardCharsets.UTF_8));
          }
        } else if (entry.isDirectory() || type == 0040000) {
          tree.directory(name);
        } else if (type == 0 || type == 0100000) {
          try (InputStream in = zip.getInputStream(entry)) {
            tree.file(name, in, unix ? mode & 0777 : DeltaFormat.NO_MODE);
          }
        } else {
          throw new IOException("zip entry '" + name + "' is a special file");
        }
      }
    }
    return tree.nodes;
  }

  /** Collects nodes by normalized path; content goes to numbered files under work. */
  private static final class Builder {
    private final Path work;
    private final int maxEntries;
    private final Map<String, Node> nodes = new TreeMap<>();
    private int blobs;

    Builder(Path work, int maxEntries) {
      this.work = work;
      this.maxEntries = maxEntries;
    }

    void directory(String name) throws IOException {
      String path = normalize(name);
      if (!path.isEmpty()) {
        put(path, new Directory());
      }
    }

    void link(String name, String target) throws IOException {
      if (target.isEmpty() || target.startsWith("/")) {
        throw new IOException("entry '" + name + "' links outside the component");
      }
      put(normalize(name), new Link(target));
    }

    void hardLink(String name, String existing) throws IOException {
      if (!(nodes.get(normalize(existing)) instanceof FileNode file)) {
        throw new IOException("entry '" + name + "' is a hard link to no earlier file");
      }
      put(normalize(name), file);
    }

    void file(String name, InputStream data, int mode) throws IOException {
      Path content = work.resolve(Integer.toString(blobs++));
      MessageDigest digest = sha256();
      long size;
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(content), digest)) {
        size = data.transferTo(out);
      }
      put(normalize(name), new FileNode(content, mode, size, digest.digest()));
    }

    private void put(String path, Node node) throws IOException {
      if (path.isEmpty()) {
        throw new IOException("an entry would replace the component folder itself");
      }
      nodes.put(path, node);
      if (nodes.size() > maxEntries) {
        throw new IOException("more than " + maxEntries + " entries");
      }
    }

    private static String normalize(String name) throws IOException {
      Path path = Path.of(name).normalize();
      if (path.isAbsolute() || path.startsWith("..")) {
        throw new IOException("entry '" + name + "' leaves the component folder");
      }
      return path.toString();
    }
  }

  /** Deletes a work folder; false when something was left. */
  static boolean deleteTree(Path root) {
    try (var paths = Files.walk(root)) {
      return paths
          .sorted(java.util.Comparator.reverseOrder())
          .map(p -> p.toFile().delete())
          .reduce(true, Boolean::logicalAnd);
    } catch (IOException e) {
      return false;
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
