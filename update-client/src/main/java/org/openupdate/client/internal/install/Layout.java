package org.openupdate.client.internal.install;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.openupdate.manifest.Version;

/**
 * The install directory: {@code versions/<version>/} side by side and a {@code current} symlink to
 * the active one. The symlink is replaced by renaming a new link over it, which is atomic, so
 * {@code current} always points at a complete version.
 */
public final class Layout {
  static final String STAGING_PREFIX = ".staging-";
  private final Path installDir;

  public Layout(Path installDir) {
    this.installDir = installDir;
  }

  public Path installDir() {
    return installDir;
  }

  public Path versionsDir() {
    return installDir.resolve("versions");
  }

  public Path versionDir(String version) {
    Path dir = versionsDir().resolve(version).normalize();
    if (!dir.getParent().equals(versionsDir().normalize()) || version.startsWith(".")) {
      throw new IllegalArgumentException("not a usable version directory name: '" + version + "'");
    }
    return dir;
  }

  public Path currentLink() {
    return installDir.resolve("current");
  }

  /** The version {@code current} points at, if any. */
  public Optional<String> currentVersion() {
    Path link = currentLink();
    if (!Files.isSymbolicLink(link)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readSymbolicLink(link).getFileName().toString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read link " + link, e);
    }
  }

  /** Complete version directories, newest first. */
  public List<String> installedVersions() throws IOException {
    List<String> versions = new ArrayList<>();
    if (!Files.isDirectory(versionsDir())) {
      return versions;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(versionsDir(), Files::isDirectory)) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (!name.startsWith(".")) {
          versions.add(name);
        }
      }
    }
    versions.sort(Comparator.comparing(Layout::parseOrLowest).reversed());
    return versions;
  }

  /** Points {@code current} at {@code version} atomically. */
  public void switchTo(String version) throws IOException {
    Path target = versionDir(version);
    if (!Files.isDirectory(target)) {
      throw new IOException("cannot switch to " + version + ": " + target + " does not exist");
    }
    Path temp = installDir.resolve(".current-" + UUID.randomUUID());
    Files.createSymbolicLink(temp, installDir.relativize(target));
    Files.move(temp, currentLink(), StandardCopyOption.ATOMIC_MOVE);
  }

  /** Removes {@code current} (rolling back a first install, where there was nothing before). */
  public void clearCurrent() throws IOException {
    Files.deleteIfExists(currentLink());
  }

  /** Moves a fully staged directory into place as {@code versions/<version>}. */
  public void publish(Path staged, String version) throws IOException {
    Path dir = versionDir(version);
    if (Files.exists(dir)) {
      if (currentVersion().filter(version::equals).isPresent()) {
        throw new IOException("refusing to replace the running version's directory " + dir);
      }
      Tree.delete(dir);
    }
    Files.move(staged, dir, StandardCopyOption.ATOMIC_MOVE);
  }

  public Path newStagingDir(String version) throws IOException {
    Files.createDirectories(versionsDir());
    Path staging = versionsDir().resolve(STAGING_PREFIX + version);
    Tree.delete(staging);
    return Files.createDirectories(staging);
  }

  /**
   * Keeps {@code current} and the newest {@code good} versions older than it (the rollback
   * targets), {@code keep} in all, and {@code extra} besides; deletes every other version directory
   * (also versions newer than {@code current}, which a recall left) and leftover staging
   * directories. Never deletes the directory {@code current} points at.
   */
  public List<String> prune(int keep, Collection<String> good, Optional<String> extra)
      throws IOException {
    List<String> kept = new ArrayList<>();
    currentVersion().ifPresent(kept::add);
    List<String> installed = installedVersions();
    int running = kept.isEmpty() ? -1 : installed.indexOf(kept.get(0));
    List<String> removed = new ArrayList<>();
    for (int i = 0; i < installed.size(); i++) {
      String version = installed.get(i);
      if (kept.contains(version)) {
        continue;
      }
      if (i > running && good.contains(version) && kept.size() < keep) {
        kept.add(version);
      } else if (extra.filter(version::equals).isEmpty()) {
        Tree.delete(versionDir(version));
        removed.add(version);
      }
    }
    try (DirectoryStream<Path> dirs =
        Files.newDirectoryStream(versionsDir(), STAGING_PREFIX + "*")) {
      for (Path dir : dirs) {
        Tree.delete(dir);
      }
    }
    return removed;
  }

  private static Version parseOrLowest(String name) {
    try {
      return Version.parse(name);
    } catch (IllegalArgumentException e) {
      return Version.parse("0.0.0-0");
    }
  }
}
