package org.openupdate.client.internal.install;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The folder one component's archive is unpacked into. Nothing written through it lands outside:
 * entry paths that leave it, entries written through a symbolic link, and links that lead out of it
 * (absolute, climbing with {@code ..}, or through another link) are refused, each with a message
 * naming the entry and why. Links are checked once every entry is written, so a link added later
 * cannot change where an earlier one leads.
 */
final class ComponentFolder {
  // Linux gives up after 40 links in one path; a longer chain is a loop or an attack.
  private static final int MAX_LINKS_FOLLOWED = 40;
  private final Path root;
  private final String kind;
  private final Map<Path, String> links = new LinkedHashMap<>();

  /**
   * @param kind how entries are named in messages, {@code "tar entry"} or {@code "zip entry"}
   */
  ComponentFolder(Path root, String kind) {
    this.root = root.toAbsolutePath().normalize();
    this.kind = kind;
  }

  void directory(String name) throws IOException {
    Path out = inside(name);
    if (!out.equals(root)) {
      Files.createDirectories(out);
    }
  }

  /** Writes a regular file, replacing (never following) whatever an earlier entry left there. */
  Path file(String name, InputStream data, Set<PosixFilePermission> permissions)
      throws IOException {
    Path out = entryPath(name);
    Files.createDirectories(out.getParent());
    Files.copy(data, out, StandardCopyOption.REPLACE_EXISTING);
    if (permissions != null) {
      Files.setPosixFilePermissions(out, permissions);
    }
    return out;
  }

  void symlink(String name, String target) throws IOException {
    Path out = entryPath(name);
    if (target.isEmpty()) {
      throw refused(name, "is a symbolic link to nothing");
    }
    if (target.startsWith("/")) {
      throw refused(name, "is a symbolic link to the absolute path '" + target + "'");
    }
    Files.createDirectories(out.getParent());
    Files.deleteIfExists(out);
    Files.createSymbolicLink(out, Path.of(target));
    links.put(out, name);
  }

  /**
   * A hard link becomes a copy of the file it names, which must be an entry unpacked before it: a
   * copy cannot reach anything outside, and the installed version does not share inodes.
   */
  void hardLink(String name, String existing) throws IOException {
    Path out = entryPath(name);
    Path source = inside(existing);
    if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
      throw refused(
          name, "is a hard link to '" + existing + "', which is not a file unpacked before it");
    }
    Files.createDirectories(out.getParent());
    Files.copy(
        source,
        out,
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.COPY_ATTRIBUTES,
        LinkOption.NOFOLLOW_LINKS);
  }

  /** Checks every symbolic link against the finished tree; call once all entries are written. */
  void finish() throws IOException {
    for (var link : links.entrySet()) {
      Path path = link.getKey();
      if (!Files.isSymbolicLink(path)) {
        continue; // a later entry replaced it
      }
      String target = Files.readSymbolicLink(path).toString();
      if (!leadsInside(path)) {
        throw refused(
            link.getValue(),
            "is a symbolic link to '"
                + target
                + "', which leads outside the component folder "
                + root);
      }
    }
  }

  IOException refused(String name, String why) {
    return new IOException(kind + " '" + name + "' " + why + "; refused");
  }

  /**
   * Follows {@code link} the way the kernel would, through the links on disk (all made by this
   * archive, all relative); false as soon as a {@code ..} would leave the folder. Parts that do not
   * exist are taken as plain folders, so a dangling link is judged by where it would lead.
   */
  private boolean leadsInside(Path link) throws IOException {
    Path current = link.getParent();
    ArrayDeque<String> parts = new ArrayDeque<>();
    pushFront(parts, Files.readSymbolicLink(link));
    int followed = 1;
    while (!parts.isEmpty()) {
      String part = parts.pop();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (current.equals(root)) {
          return false;
        }
        current = current.getParent();
        continue;
      }
      Path next = current.resolve(part);
      if (Files.isSymbolicLink(next)) {
        Path target = Files.readSymbolicLink(next);
        if (target.isAbsolute() || ++followed > MAX_LINKS_FOLLOWED) {
          return false;
        }
        pushFront(parts, target);
      } else {
        current = next;
      }
    }
    return true;
  }

  private static void pushFront(ArrayDeque<String> parts, Path target) {
    for (int i = target.getNameCount() - 1; i >= 0; i--) {
      parts.push(target.getName(i).toString());
    }
  }

  /** Where a file or link entry goes: inside the folder, and not the folder itself. */
  private Path entryPath(String name) throws IOException {
    Path out = inside(name);
    if (out.equals(root)) {
      throw refused(name, "would replace the component folder itself");
    }
    return out;
  }

  /** Where {@code name} lands; refused outside the folder or through a symbolic link. */
  private Path inside(String name) throws IOException {
    Path out = root.resolve(name).normalize();
    if (!out.startsWith(root)) {
      throw refused(name, "would be written outside " + root);
    }
    Path parent = root;
    for (Path part : root.relativize(out)) {
      if (Files.isSymbolicLink(parent)) {
        throw refused(
            name, "would be written through the symbolic link '" + root.relativize(parent) + "'");
      }
      parent = parent.resolve(part);
    }
    return out;
  }
}
