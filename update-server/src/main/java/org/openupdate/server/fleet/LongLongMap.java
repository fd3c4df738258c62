package org.openupdate.server.fleet;

import java.util.Arrays;

/**
 * An open-addressing map of {@code long} to {@code long}: two arrays, no object per entry, so a
 * million clients cost 32 MB at most instead of the few hundred bytes each of a boxed map. Not
 * thread-safe; {@link SightingBuffer} guards it. Key 0 is stored as 1 (keys are hashes).
 */
final class LongLongMap {

  static final long ABSENT = Long.MIN_VALUE;

  private long[] keys;
  private long[] values;
  private int size;

  LongLongMap(int initialCapacity) {
    int capacity = Integer.highestOneBit(Math.max(16, initialCapacity * 2 - 1));
    keys = new long[capacity];
    values = new long[capacity];
  }

  int size() {
    return size;
  }

  long get(long key) {
    long k = key == 0 ? 1 : key;
    int mask = keys.length - 1;
    for (int i = spread(k) & mask; ; i = (i + 1) & mask) {
      long at = keys[i];
      if (at == k) {
        return values[i];
      }
      if (at == 0) {
        return ABSENT;
      }
    }
  }

  void put(long key, long value) {
    long k = key == 0 ? 1 : key;
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = spread(k) & mask; ; i = (i + 1) & mask) {
      long at = keys[i];
      if (at == k) {
        values[i] = value;
        return;
      }
      if (at == 0) {
        keys[i] = k;
        values[i] = value;
        size++;
        return;
      }
    }
  }

  void clear() {
    Arrays.fill(keys, 0);
    size = 0;
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new long[oldKeys.length * 2];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }

  private static int spread(long key) {
    return (int) (key ^ (key >>> 32));
  }
}
