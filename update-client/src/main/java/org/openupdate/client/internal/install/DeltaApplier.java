package org.openupdate.client.internal.install;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.openupdate.client.internal.Sha256;
import org.openupdate.manifest.DeltaFormat;

/**
 * Rebuilds one component folder from the installed version's folder and a delta file (see {@link
 * DeltaFormat}), streaming: memory does not grow with the component. Every file is checked against
 * the size and SHA-256 its record names as it is written, and nothing the map does not list is
 * made; any difference throws, and the caller downloads the full component instead.
 */
public final class DeltaApplier {
  private static final int BUFFER = 64 * 1024;

  private DeltaApplier() {}

  /**
   * @param base the installed version's folder of this component
   * @param out a folder that does not exist yet
   * @param fileName the name a single-file component is installed under
   * @param componentSha256 the signed manifest's SHA-256: a single-file delta must rebuild exactly
   *     it
   */
  public static void apply(Path delta, Path base, Path out, String fileName, String componentSha256)
      throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(delta), BUFFER)) {
      byte[] magic = raw.readNBytes(DeltaFormat.MAGIC.length);
      if (!Arrays.equals(magic, DeltaFormat.MAGIC)) {
        throw new IOException("not a delta file (wrong magic)");
      }
      int kind = raw.read();
      if (kind != DeltaFormat.ARCHIVE && kind != DeltaFormat.SINGLE_FILE) {
        throw new IOException("delta of unknown kind " + kind);
      }
      boolean single = kind == DeltaFormat.SINGLE_FILE;
      Files.createDirectories(out);
      ComponentFolder folder = new ComponentFolder(out, "delta entry");
      Inflater inflater = new Inflater(true);
      try (DataInputStream data =
          new DataInputStream(
              new BufferedInputStream(new InflaterInputStream(raw, inflater, BUFFER), BUFFER))) {
        int files = 0;
        while (true) {
          byte type = data.readByte();
          if (type == DeltaFormat.END) {
            break;
          }
          String path = data.readUTF();
          if (type == DeltaFormat.DIRECTORY) {
            folder.directory(path);
          } else if (type == DeltaFormat.LINK) {
            folder.symlink(path, data.readUTF());
          } else if (type == DeltaFormat.FILE) {
            if (single && files > 0) {
              throw new IOException("a single-file delta names more than one file");
            }
            files++;
            rebuildFile(data, base, folder, single ? fileName : path, single, componentSha256);
          } else {
            throw new IOException("corrupt delta: record type " + type);
          }
        }
        if (single && files != 1) {
          throw new IOException("a single-file delta names no file");
        }
      } catch (EOFException e) {
        throw new IOException("delta ends early", e);
      } finally {
        inflater.end();
      }
      folder.finish();
    }
  }

  private static void rebuildFile(
      DataInputStream data,
      Path base,
      ComponentFolder folder,
      String name,
      boolean single,
      String componentSha256)
      throws IOException {
    int mode = data.readInt();
    long size = data.readLong();
    byte[] sha256 = data.readNBytes(32);
    String expected = HexFormat.of().formatHex(sha256);
    if (single && componentSha256 != null && !expected.equals(componentSha256)) {
      throw new IOException(
          "the delta rebuilds SHA-256 "
              + expected
              + ", the signed manifest says "
              + componentSha256);
    }
    byte how = data.readByte();
    MessageDigest digest = Sha256.digest();
    Path written;
    try (RandomAccessFile source = how == DeltaFormat.PATCH ? open(base, data, single) : null;
        InputStream content =
            how == DeltaFormat.PATCH
                ? new Patch(data, source)
                : how == DeltaFormat.WHOLE
                    ? new Bounded(data, size)
                    : how == DeltaFormat.KEEP
                        ? Files.newInputStream(baseFile(base, data.readUTF(), single))
                        : null) {
      if (content == null) {
        throw new IOException("corrupt delta: file source " + how + " for '" + name + "'");
      }
      // One byte more than the record says is enough to tell a longer result from the right one.
      InputStream checked = new DigestInputStream(new Bounded(content, size + 1), digest);
      written = folder.file(name, checked, mode == DeltaFormat.NO_MODE ? null : permissions(mode));
    }
    long actualSize = Files.size(written);
    String actual = HexFormat.of().formatHex(digest.digest());
    if (actualSize != size || !actual.equals(expected)) {
      throw new IOException(
          "'"
              + name
              + "' rebuilt as "
              + actualSize
              + " bytes with SHA-256 "
              + actual
              + ", the signed file map says "
              + size
              + " bytes, "
              + expected);
    }
    if (mode == DeltaFormat.NO_MODE && name.endsWith(".sh")) {
      // As the unpacker does for zip entries made without Unix modes.
      written.toFile().setExecutable(true, false);
    }
  }

  /** Removes a folder {@link #apply} left, whole or half built. */
  public static void discard(Path out) throws IOException {
    Tree.delete(out);
  }

  private static RandomAccessFile open(Path base, DataInputStream data, boolean single)
      throws IOException {
    return new RandomAccessFile(baseFile(base, data.readUTF(), single).toFile(), "r");
  }

  /** A file of the installed version, inside its folder and not through a link. */
  private static Path baseFile(Path base, String path, boolean single) throws IOException {
    Path root = base.toAbsolutePath().normalize();
    Path file;
    if (single) {
      try (var listing = Files.list(root)) {
        var files = listing.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList();
        if (files.size() != 1) {
          throw new IOException("the installed component " + root + " is not one file");
        }
        file = files.get(0);
      }
    } else {
      file = root.resolve(path).normalize();
    }
    if (!file.startsWith(root) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("the installed version has no file '" + path + "' in " + root);
    }
    return file;
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = PosixFilePermission.values();
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (0400 >> i)) != 0) {
        permissions.add(bits[i]);
      }
    }
    return permissions;
  }

  /** At most {@code limit} bytes of {@code in}; never closes it. */
  private static final class Bounded extends InputStream {
    private final InputStream in;
    private long left;

    Bounded(InputStream in, long limit) {
      this.in = in;
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }

  /** The bytes a file's copy/insert ops produce, read as they are needed. */
  private static final class Patch extends InputStream {
    private final DataInputStream ops;
    private final RandomAccessFile base;
    private long copyLeft;
    private int insertLeft;
    private boolean ended;

    Patch(DataInputStream ops, RandomAccessFile base) {
      this.ops = ops;
      this.base = base;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (copyLeft == 0 && insertLeft == 0) {
        if (ended) {
          return -1;
        }
        nextOp();
      }
      if (copyLeft > 0) {
        int n = base.read(b, off, (int) Math.min(len, copyLeft));
        if (n < 0) {
          throw new IOException("corrupt delta: copy past the end of the base file");
        }
        copyLeft -= n;
        return n;
      }
      int n = ops.read(b, off, Math.min(len, insertLeft));
      if (n < 0) {
        throw new EOFException();
      }
      insertLeft -= n;
      return n;
    }

    private void nextOp() throws IOException {
      byte op = ops.readByte();
      if (op == DeltaFormat.COPY) {
        long offset = ops.readLong();
        int length = ops.readInt();
        if (offset < 0 || length <= 0 || offset + length > base.length()) {
          throw new IOException("corrupt delta: copy of " + length + " bytes at " + offset);
        }
        base.seek(offset);
        copyLeft = length;
      } else if (op == DeltaFormat.INSERT) {
        int length = ops.readInt();
        if (length <= 0) {
          throw new IOException("corrupt delta: insert of " + length + " bytes");
        }
        insertLeft = length;
      } else if (op == DeltaFormat.END) {
        ended = true;
      } else {
        throw new IOException("corrupt delta: op " + op);
      }
    }
  }

  /**
   * For the benchmark: {@code java -Xmx32m -cp update-client.jar ...DeltaApplier base delta out}.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: DeltaApplier <installed component folder> <delta> <new folder>");
      System.exit(2);
    }
    long start = System.nanoTime();
    apply(Path.of(args[1]), Path.of(args[0]), Path.of(args[2]), "file", null);
    System.out.printf("applied in %.3f s%n", (System.nanoTime() - start) / 1e9);
  }
}
