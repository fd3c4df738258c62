package org.openupdate.client.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real archives made by the real tools (GNU tar, Info-ZIP zip) from a folder a test fills: what a
 * vendor's build would ship, Unix modes and symbolic links included.
 */
public final class Archives {
  private final Path root;

  private Archives(Path root) {
    this.root = root;
  }

  /** A new, empty source folder at {@code root}. */
  public static Archives folder(Path root) {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Archives(root);
  }

  public Path root() {
    return root;
  }

  /** A file with the given permissions, e.g. {@code rwxr-xr-x}. */
  public Archives file(String name, String text, String permissions) {
    try {
      Path file = root.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A symbolic link {@code name -> target}, stored as it is written. */
  public Archives link(String name, String target) {
    try {
      Path link = root.resolve(name);
      Files.createDirectories(link.getParent());
      Files.createSymbolicLink(link, Path.of(target));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A second name for an existing file (a hard link), which tar stores as a link entry. */
  public Archives hardLink(String name, String existing) {
    try {
      Files.createLink(root.resolve(name), root.resolve(existing));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code tar -czf} of the folder's content (entries named {@code ./...}). */
  public byte[] tarGz(String... tarOptions) {
    List<String> command = new ArrayList<>(List.of("tar"));
    command.addAll(List.of(tarOptions));
    command.addAll(List.of("-czf", "%OUT%", "-C", root.toString(), "."));
    return make(command);
  }

  /** {@code zip -r -y}: Unix modes in the external attributes, symbolic links stored as links. */
  public byte[] zip() {
    return make(
        List.of("sh", "-c", "cd \"$0\" && zip -q -r -y \"$1\" .", root.toString(), "%OUT%"));
  }

  /** Runs {@code sh -c script} in the folder; the script writes its archive to {@code "$OUT"}. */
  public byte[] shell(String script) {
    return make(
        List.of("sh", "-c", "cd \"$0\" && OUT=\"$1\" && " + script, root.toString(), "%OUT%"));
  }

  private static byte[] make(List<String> template) {
    try {
      Path out = Files.createTempFile("archive", ".out");
      Files.delete(out);
      List<String> command =
          template.stream().map(arg -> arg.equals("%OUT%") ? out.toString() : arg).toList();
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(command + " failed: " + output);
      }
      byte[] bytes = Files.readAllBytes(out);
      Files.delete(out);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
