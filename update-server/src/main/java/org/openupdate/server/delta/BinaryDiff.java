package org.openupdate.server.delta;

import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.openupdate.manifest.DeltaFormat;

/**
 * Copy/insert ops that turn one file into another (see {@link DeltaFormat}): the old file's aligned
 * 16-byte blocks are indexed by a rolling hash, the new file is scanned byte by byte, and every
 * match is grown both ways. Any run both files share of at least 31 bytes is found; memory is both
 * files plus one int per old block, which is why {@link DeltaWriter} diffs only files under a size
 * limit.
 */
final class BinaryDiff {
  private static final int BLOCK = 16;
  private static final long BASE = 0x100000001b3L;
  private static final long DROP = power(BASE, BLOCK - 1);
  private static final int MAX_PROBES = 8;

  private BinaryDiff() {}

  static void write(byte[] old, byte[] target, DataOutputStream out) throws IOException {
    int[] table = index(old);
    int mask = table.length - 1;
    int literal = 0;
    int i = 0;
    long hash = target.length >= BLOCK ? hash(target, 0) : 0;
    while (i + BLOCK <= target.length) {
      int match = find(table, mask, hash, old, target, i);
      if (match >= 0) {
        int back = 0;
        while (i - back > literal
            && match - back > 0
            && target[i - back - 1] == old[match - back - 1]) {
          back++;
        }
        int forward = BLOCK;
        while (i + forward < target.length
            && match + forward < old.length
            && target[i + forward] == old[match + forward]) {
          forward++;
        }
        insert(target, literal, i - back, out);
        out.writeByte(DeltaFormat.COPY);
        out.writeLong(match - back);
        out.writeInt(back + forward);
        i += forward;
        literal = i;
        if (i + BLOCK <= target.length) {
          hash = hash(target, i);
        }
        continue;
      }
      if (i + BLOCK < target.length) {
        hash = (hash - (target[i] & 0xff) * DROP) * BASE + (target[i + BLOCK] & 0xff);
      }
      i++;
    }
    insert(target, literal, target.length, out);
    out.writeByte(DeltaFormat.END);
  }

  private static void insert(byte[] target, int from, int to, DataOutputStream out)
      throws IOException {
    if (to > from) {
      out.writeByte(DeltaFormat.INSERT);
      out.writeInt(to - from);
      out.write(target, from, to - from);
    }
  }

  /** Positions + 1 of the old file's aligned blocks, open addressing by hash. */
  private static int[] index(byte[] old) {
    int blocks = old.length / BLOCK;
    int size = Integer.highestOneBit(Math.max(16, blocks * 2 - 1)) << 1;
    int[] table = new int[size];
    int mask = size - 1;
    for (int b = 0; b < blocks; b++) {
      int slot = slot(hash(old, b * BLOCK), mask);
      for (int probe = 0; probe < MAX_PROBES; probe++, slot = (slot + 1) & mask) {
        if (table[slot] == 0) {
          table[slot] = b * BLOCK + 1;
          break;
        }
      }
    }
    return table;
  }

  private static int find(int[] table, int mask, long hash, byte[] old, byte[] target, int at) {
    int slot = slot(hash, mask);
    for (int probe = 0; probe < MAX_PROBES; probe++, slot = (slot + 1) & mask) {
      int position = table[slot] - 1;
      if (position < 0) {
        return -1;
      }
      if (Arrays.equals(old, position, position + BLOCK, target, at, at + BLOCK)) {
        return position;
      }
    }
    return -1;
  }

  private static int slot(long hash, int mask) {
    long mixed = hash * 0x9e3779b97f4a7c15L;
    return (int) (mixed >>> 32) & mask;
  }

  private static long hash(byte[] data, int from) {
    long hash = 0;
    for (int k = 0; k < BLOCK; k++) {
      hash = hash * BASE + (data[from + k] & 0xff);
    }
    return hash;
  }

  private static long power(long base, int exponent) {
    long result = 1;
    for (int k = 0; k < exponent; k++) {
      result *= base;
    }
    return result;
  }
}
