package org.openupdate.client.internal.install;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The Unix modes of a zip's entries, read from its central directory: {@code java.util.zip} does
 * not expose the external attributes, whose high 16 bits hold {@code st_mode} when the entry was
 * made on Unix. Zip64 archives are understood.
 */
final class ZipModes {
  static final int TYPE_MASK = 0170000;
  static final int DIRECTORY = 0040000;
  static final int REGULAR = 0100000;
  static final int SYMLINK = 0120000;

  private static final int END = 0x06054b50;
  private static final int END64_LOCATOR = 0x07064b50;
  private static final int END64 = 0x06064b50;
  private static final int ENTRY = 0x02014b50;
  private static final int END_SIZE = 22;
  private static final int MAX_COMMENT = 0xffff;
  // "Version made by" hosts that store st_mode: 3 = Unix, 19 = OS X.
  private static final int UNIX = 3;
  private static final int OS_X = 19;

  private ZipModes() {}

  /**
   * Each entry's {@code st_mode} by name, for entries made on Unix that carry one.
   *
   * @throws IOException when the central directory cannot be read, or names an entry twice (the
   *     modes could then belong to either copy)
   */
  static Map<String, Integer> read(Path zip) throws IOException {
    try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
      long[] directory = locateDirectory(channel);
      long count = directory[0];
      DataInputStream in =
          new DataInputStream(
              new BufferedInputStream(Channels.newInputStream(channel.position(directory[1]))));
      Map<String, Integer> modes = new HashMap<>();
      Set<String> names = new HashSet<>();
      byte[] header = new byte[46];
      for (long i = 0; i < count; i++) {
        in.readFully(header);
        ByteBuffer fields = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        if (fields.getInt(0) != ENTRY) {
          throw new IOException("zip central directory is damaged at entry " + i);
        }
        int host = (fields.getShort(4) & 0xffff) >>> 8;
        byte[] name = new byte[fields.getShort(28) & 0xffff];
        in.readFully(name);
        in.skipNBytes((fields.getShort(30) & 0xffff) + (fields.getShort(32) & 0xffff));
        String entry = new String(name, StandardCharsets.UTF_8);
        if (!names.add(entry)) {
          throw new IOException("zip entry '" + entry + "' appears twice; refused");
        }
        int mode = fields.getInt(38) >>> 16;
        if ((host == UNIX || host == OS_X) && mode != 0) {
          modes.put(entry, mode);
        }
      }
      return modes;
    } catch (EOFException e) {
      throw new IOException("zip central directory is truncated", e);
    }
  }

  /** {entry count, offset of the central directory}, from the (zip64) end record. */
  private static long[] locateDirectory(FileChannel channel) throws IOException {
    long size = channel.size();
    int tail = (int) Math.min(size, END_SIZE + MAX_COMMENT);
    ByteBuffer buffer = read(channel, size - tail, tail);
    for (int at = tail - END_SIZE; at >= 0; at--) {
      if (buffer.getInt(at) != END) {
        continue;
      }
      long count = buffer.getShort(at + 10) & 0xffff;
      long offset = buffer.getInt(at + 16) & 0xffffffffL;
      if (count != 0xffff && offset != 0xffffffffL) {
        return new long[] {count, offset};
      }
      long end = size - tail + at;
      ByteBuffer locator = read(channel, end - 20, 20);
      if (locator.getInt(0) != END64_LOCATOR) {
        throw new IOException("zip64 end of central directory locator is missing");
      }
      ByteBuffer end64 = read(channel, locator.getLong(8), 56);
      if (end64.getInt(0) != END64) {
        throw new IOException("zip64 end of central directory is damaged");
      }
      return new long[] {end64.getLong(32), end64.getLong(48)};
    }
    throw new IOException("zip end of central directory not found");
  }

  private static ByteBuffer read(FileChannel channel, long position, int length)
      throws IOException {
    if (position < 0) {
      throw new IOException("zip end of central directory points before the file");
    }
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new EOFException("zip file ends early");
      }
    }
    return buffer.flip();
  }
}
