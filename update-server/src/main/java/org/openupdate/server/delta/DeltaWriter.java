package org.openupdate.server.delta;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.openupdate.manifest.DeltaFormat;
import org.openupdate.server.delta.ComponentTree.Directory;
import org.openupdate.server.delta.ComponentTree.FileNode;
import org.openupdate.server.delta.ComponentTree.Link;
import org.openupdate.server.delta.ComponentTree.Node;

/**
 * Writes the delta file (see {@link DeltaFormat}) that rebuilds {@code target} from an installed
 * {@code base}: unchanged files are reused by path (or from wherever the base has the same bytes),
 * changed files are sent as copy/insert ops against the base file of the same path (or of the same
 * name with other digits, a versioned jar), and the rest whole.
 */
final class DeltaWriter {

  /**
   * @param maxDiffFileSize files above it are sent whole: a diff holds both files in memory
   * @param deadlineNanos {@link System#nanoTime()} past which writing gives up
   */
  record Limits(long maxDiffFileSize, long deadlineNanos) {}

  private DeltaWriter() {}

  /** Writes the delta to {@code out}; throws when the trees differ in kind or time runs out. */
  static void write(ComponentTree base, ComponentTree target, Path out, Limits limits)
      throws IOException {
    if (base.archive() != target.archive()) {
      throw new IOException("the base is " + kind(base) + ", the release " + kind(target));
    }
    Map<String, String> baseBySha = new HashMap<>();
    Map<String, String> baseByShape = new HashMap<>();
    base.nodes()
        .forEach(
            (path, node) -> {
              if (node instanceof FileNode file) {
                baseBySha.putIfAbsent(HexFormat.of().formatHex(file.sha256()), path);
                // Two base files of one shape: no way to tell which one a renamed file came from.
                baseByShape.merge(shape(path), path, (a, b) -> "");
              }
            });
    try (OutputStream file = Files.newOutputStream(out)) {
      file.write(DeltaFormat.MAGIC);
      file.write(target.archive() ? DeltaFormat.ARCHIVE : DeltaFormat.SINGLE_FILE);
      Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
      try (DataOutputStream data =
          new DataOutputStream(
              new BufferedOutputStream(new DeflaterOutputStream(file, deflater, 65536), 65536))) {
        for (var entry : target.nodes().entrySet()) {
          if (System.nanoTime() - limits.deadlineNanos() > 0) {
            throw new IOException("delta generation ran out of time");
          }
          String path = entry.getKey();
          Node node = entry.getValue();
          if (node instanceof Directory) {
            data.writeByte(DeltaFormat.DIRECTORY);
            data.writeUTF(path);
          } else if (node instanceof Link link) {
            data.writeByte(DeltaFormat.LINK);
            data.writeUTF(path);
            data.writeUTF(link.target());
          } else {
            FileNode wanted = (FileNode) node;
            data.writeByte(DeltaFormat.FILE);
            data.writeUTF(path);
            data.writeInt(wanted.mode());
            data.writeLong(wanted.size());
            data.write(wanted.sha256());
            String same = baseBySha.get(HexFormat.of().formatHex(wanted.sha256()));
            if (same != null) {
              data.writeByte(DeltaFormat.KEEP);
              data.writeUTF(same);
            } else {
              writeChanged(base, path, baseByShape, wanted, data, limits);
            }
          }
        }
        data.writeByte(DeltaFormat.END);
      } finally {
        deflater.end();
      }
    }
  }

  private static void writeChanged(
      ComponentTree base,
      String path,
      Map<String, String> baseByShape,
      FileNode wanted,
      DataOutputStream data,
      Limits limits)
      throws IOException {
    Optional<String> basePath = diffBase(base, path, baseByShape);
    if (basePath.isPresent() && wanted.size() <= limits.maxDiffFileSize()) {
      FileNode old = (FileNode) base.nodes().get(basePath.get());
      if (old.size() <= limits.maxDiffFileSize()) {
        // The ops go to a file beside the content, and stop once they are no smaller than it: only
        // the two versions and the index are ever in memory.
        Path ops = wanted.content().resolveSibling(wanted.content().getFileName() + ".ops");
        boolean smaller;
        try (DataOutputStream out =
            new DataOutputStream(
                new BufferedOutputStream(
                    new Capped(Files.newOutputStream(ops), wanted.size()), 65536))) {
          BinaryDiff.write(
              Files.readAllBytes(old.content()), Files.readAllBytes(wanted.content()), out);
          out.flush();
          smaller = true;
        } catch (Capped.Reached e) {
          smaller = false;
        }
        try {
          if (smaller) {
            data.writeByte(DeltaFormat.PATCH);
            data.writeUTF(basePath.get());
            Files.copy(ops, data);
            return;
          }
        } finally {
          Files.deleteIfExists(ops);
        }
      }
    }
    data.writeByte(DeltaFormat.WHOLE);
    try (InputStream in = Files.newInputStream(wanted.content())) {
      in.transferTo(data);
    }
  }

  /** An output that refuses to grow to {@code limit} bytes. */
  private static final class Capped extends java.io.FilterOutputStream {
    static final class Reached extends IOException {
      Reached() {
        super("ops reached the file's own size");
      }
    }

    private final long limit;
    private long written;

    Capped(OutputStream out, long limit) {
      super(out);
      this.limit = limit;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      written += len;
      if (written >= limit) {
        throw new Reached();
      }
      out.write(b, off, len);
    }
  }

  private static Optional<String> diffBase(
      ComponentTree base, String path, Map<String, String> baseByShape) {
    if (base.nodes().get(path) instanceof FileNode) {
      return Optional.of(path);
    }
    String similar = baseByShape.getOrDefault(shape(path), "");
    return similar.isEmpty() ? Optional.empty() : Optional.of(similar);
  }

  /**
   * A path with its digits taken out: {@code lib/foo-1.2.jar} and {@code lib/foo-1.3.jar} match.
   */
  private static String shape(String path) {
    return path.replaceAll("[0-9]+", "#");
  }

  private static String kind(ComponentTree tree) {
    return tree.archive() ? "an archive" : "a single file";
  }
}
