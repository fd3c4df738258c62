package org.openupdate.client.internal.install;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a tar stream entry by entry: ustar headers (with their name prefix), GNU long names and
 * link names ({@code L}, {@code K}) and pax extended headers ({@code x}: {@code path}, {@code
 * linkpath}, {@code size}), as GNU tar and bsdtar write them. Just what unpacking needs; written
 * here because the agent takes no dependency for it.
 */
final class TarReader {
  static final int BLOCK = 512;
  // Long names and pax records are held in memory; real ones are a few hundred bytes.
  private static final int MAX_EXTENSION_BYTES = 1024 * 1024;

  /** One entry; {@code type} is the tar typeflag ({@code '0'} file, {@code '5'} folder ...). */
  record Entry(String name, char type, int mode, long size, String linkName) {
    boolean isFile() {
      return (type == '0' || type == '\0' || type == '7') && !name.endsWith("/");
    }

    boolean isDirectory() {
      return type == '5' || ((type == '0' || type == '\0') && name.endsWith("/"));
    }
  }

  private final InputStream in;
  private Entry current;
  private long remaining;

  TarReader(InputStream in) {
    this.in = in;
  }

  /** True for a block that is a valid ustar or GNU header (magic and checksum). */
  static boolean isHeader(byte[] block) {
    return block.length == BLOCK
        && new String(block, 257, 5, StandardCharsets.US_ASCII).equals("ustar")
        && checksumMatches(block);
  }

  /** The next entry, or empty at the end of the archive; read its data from {@link #data()}. */
  Optional<Entry> next() throws IOException {
    if (current != null) {
      skipFully(remaining + padding(dataSize(current)), "tar entry '" + current.name() + "'");
    }
    remaining = 0;
    current = null;
    String longName = null;
    String longLink = null;
    Map<String, String> pax = Map.of();
    while (true) {
      byte[] header = in.readNBytes(BLOCK);
      if (header.length == 0 || isZeros(header)) {
        return Optional.empty();
      }
      if (header.length < BLOCK) {
        throw new IOException("tar archive is truncated inside a header");
      }
      if (!checksumMatches(header)) {
        throw new IOException(
            "tar header of '" + name(header) + "' has a wrong checksum (damaged archive)");
      }
      char type = (char) header[156];
      long size = number(header, 124, 12);
      switch (type) {
        case 'L' -> longName = text(extension(size));
        case 'K' -> longLink = text(extension(size));
        case 'x' -> pax = paxRecords(extension(size));
        case 'g' -> extension(size); // global pax defaults: none that unpacking uses
        default -> {
          String name = pax.getOrDefault("path", longName != null ? longName : name(header));
          String link =
              pax.getOrDefault("linkpath", longLink != null ? longLink : field(header, 157, 100));
          if (pax.containsKey("size")) {
            size = parseSize(pax.get("size"));
          }
          current = new Entry(name, type, (int) number(header, 100, 8), size, link);
          remaining = dataSize(current);
          return Optional.of(current);
        }
      }
    }
  }

  /** The current entry's data; valid until the next call to {@link #next()}. */
  InputStream data() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        if (remaining == 0) {
          return -1;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (n < 0) {
          throw new EOFException("tar entry '" + current.name() + "' is truncated");
        }
        remaining -= n;
        return n;
      }
    };
  }

  /** Links, folders and special files carry no data, whatever their size field says. */
  private static long dataSize(Entry entry) {
    return "123456".indexOf(entry.type()) >= 0 ? 0 : entry.size();
  }

  private static long padding(long size) {
    return (BLOCK - size % BLOCK) % BLOCK;
  }

  private byte[] extension(long size) throws IOException {
    if (size > MAX_EXTENSION_BYTES) {
      throw new IOException("tar header extension of " + size + " bytes is too large");
    }
    byte[] data = in.readNBytes((int) size);
    if (data.length < size) {
      throw new EOFException("tar archive is truncated inside a header extension");
    }
    skipFully(padding(size), "tar header extension");
    return data;
  }

  private void skipFully(long n, String what) throws IOException {
    try {
      in.skipNBytes(n);
    } catch (EOFException e) {
      throw new EOFException(what + " is truncated");
    }
  }

  /** The ustar name; POSIX ustar (not GNU) keeps the leading folders of long paths in a prefix. */
  private static String name(byte[] header) {
    String name = field(header, 0, 100);
    boolean posix = header[262] == 0 && header[263] == '0' && header[264] == '0';
    String prefix = posix ? field(header, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  /** pax records are {@code "<length> <key>=<value>\n"}, length in bytes including itself. */
  private static Map<String, String> paxRecords(byte[] data) throws IOException {
    Map<String, String> records = new HashMap<>();
    int position = 0;
    while (position < data.length) {
      int space = position;
      while (space < data.length && data[space] != ' ') {
        space++;
      }
      int end;
      try {
        end =
            position
                + Integer.parseInt(
                    new String(data, position, space - position, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw new IOException("malformed pax header: bad record length");
      }
      if (end <= space || end > data.length || data[end - 1] != '\n') {
        throw new IOException("malformed pax header: record length does not fit");
      }
      String record = new String(data, space + 1, end - space - 2, StandardCharsets.UTF_8);
      int equals = record.indexOf('=');
      if (equals > 0) {
        records.put(record.substring(0, equals), record.substring(equals + 1));
      }
      position = end;
    }
    return records;
  }

  private static long parseSize(String value) throws IOException {
    try {
      long size = Long.parseLong(value);
      if (size >= 0) {
        return size;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IOException("malformed pax header: size '" + value + "'");
  }

  /** An octal field, or GNU's base-256 for values that do not fit (high bit of the first byte). */
  private static long number(byte[] header, int offset, int length) throws IOException {
    if ((header[offset] & 0x80) != 0) {
      if (header[offset] != (byte) 0x80) {
        throw new IOException("tar header holds a negative or oversized number");
      }
      long value = 0;
      for (int i = offset + 1; i < offset + length; i++) {
        if ((value >>> 55) != 0) {
          throw new IOException("tar header holds an oversized number");
        }
        value = (value << 8) | (header[i] & 0xff);
      }
      return value;
    }
    long value = 0;
    int i = offset;
    int end = offset + length;
    while (i < end && header[i] == ' ') {
      i++;
    }
    for (; i < end && header[i] >= '0' && header[i] <= '7'; i++) {
      value = value * 8 + (header[i] - '0');
    }
    if (i < end && header[i] != ' ' && header[i] != 0) {
      throw new IOException("tar header holds a malformed octal number");
    }
    return value;
  }

  /** Sum of the header's bytes with the checksum field as spaces; some tars summed signed bytes. */
  private static boolean checksumMatches(byte[] header) {
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      byte b = i >= 148 && i < 156 ? (byte) ' ' : header[i];
      unsigned += b & 0xff;
      signed += b;
    }
    try {
      long stored = number(header, 148, 8);
      return stored == unsigned || stored == signed;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isZeros(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static String text(byte[] data) {
    int end = data.length;
    while (end > 0 && data[end - 1] == 0) {
      end--;
    }
    return new String(data, 0, end, StandardCharsets.UTF_8);
  }
}
