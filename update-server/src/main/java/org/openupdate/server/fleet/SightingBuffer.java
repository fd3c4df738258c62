package org.openupdate.server.fleet;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the check remembers of the fleet between flushes, in a few arrays and no object per poll.
 *
 * <ul>
 *   <li>Profiles: each distinct (product, channel, version, platform, agent version, and what a
 *       person decided on the machine: dismissed versions, a scheduled install) once, by id. Few
 *       clients carry decisions, so profiles stay few.
 *   <li>Known: per client (a 64-bit hash of client id and product), the profile and last-seen this
 *       instance last wrote. A poll that matches it within the last-seen resolution costs nothing.
 *   <li>Pending: the clients to write next, newest sighting per client, bounded; beyond the bound a
 *       sighting is shed and counted (the client is written on a later poll, as it is not known).
 * </ul>
 *
 * <p>Two clients whose 64-bit hashes collide would share a known entry: one in 10^7 for a million
 * clients, and then only a skipped last-seen refresh of an unchanged client until its profile
 * changes. Thread-safe: one lock, held for a few hash probes per poll.
 */
final class SightingBuffer {

  /** What became of one sighting. */
  enum Outcome {
    /** Nothing to write: this instance wrote the same profile within the resolution. */
    KNOWN,
    QUEUED,
    /** Queued, and the pending clients reached the flush size. */
    FLUSH_DUE,
    /** Pending is full: not queued, counted. */
    SHED
  }

  /** One distinct (product, channel, version, platform, agent version). */
  static final class Profile {
    final int id;
    final String product;
    final String channel;
    final String version;
    final String platform;
    final String agentVersion;
    final String dismissedVersions;
    final String scheduledVersion;
    final Instant scheduledAt;

    /** Set once fleet_versions is known to hold (product, channel, version). */
    volatile boolean versionRecorded;

    Profile(
        int id,
        String product,
        String channel,
        String version,
        String platform,
        String agentVersion,
        String dismissedVersions,
        String scheduledVersion,
        Instant scheduledAt) {
      this.id = id;
      this.product = product;
      this.channel = channel;
      this.version = version;
      this.platform = platform;
      this.agentVersion = agentVersion;
      this.dismissedVersions = dismissedVersions;
      this.scheduledVersion = scheduledVersion;
      this.scheduledAt = scheduledAt;
    }

    boolean is(
        String pr, String ch, String ve, String pl, String ag, String di, String sv, Instant sa) {
      return product.equals(pr)
          && channel.equals(ch)
          && version.equals(ve)
          && Objects.equals(platform, pl)
          && Objects.equals(agentVersion, ag)
          && Objects.equals(dismissedVersions, di)
          && Objects.equals(scheduledVersion, sv)
          && Objects.equals(scheduledAt, sa);
    }
  }

  /** Drained pending clients, in parallel arrays. */
  record Batch(
      int generation,
      int size,
      long[] keys,
      String[] clientIds,
      Profile[] profiles,
      long[] atMillis) {}

  /** Seconds of 2000-01-01T00:00:00Z: last-seen seconds from it fit an int until 2068. */
  private static final long BASE_SECOND = 946_684_800L;

  private final int maxPending;
  private final int flushSize;
  private final int maxKnown;
  private final int maxProfiles;
  private final long resolutionSeconds;

  private final LongLongMap known;
  private LongLongMap pendingIndex = new LongLongMap(1024);
  private long[] pendingKeys = new long[1024];
  private String[] pendingClients = new String[1024];
  private Profile[] pendingProfiles = new Profile[1024];
  private long[] pendingAt = new long[1024];
  private int pendingSize;

  private final Profile[] profiles;
  private final int[] profileSlots;
  private int profileCount;
  private int generation;

  private long shed;

  SightingBuffer(
      int maxPending, int flushSize, int maxKnown, int maxProfiles, long resolutionSeconds) {
    if (maxPending < 1 || flushSize < 1 || maxKnown < 1 || maxProfiles < 1) {
      throw new IllegalArgumentException(
          "fleet buffer sizes must be positive, were max-pending "
              + maxPending
              + ", flush-size "
              + flushSize
              + ", known-clients "
              + maxKnown
              + ", profiles "
              + maxProfiles);
    }
    this.maxPending = maxPending;
    this.flushSize = flushSize;
    this.maxKnown = maxKnown;
    this.maxProfiles = maxProfiles;
    this.resolutionSeconds = resolutionSeconds;
    this.known = new LongLongMap(Math.min(maxKnown, 1 << 16));
    this.profiles = new Profile[maxProfiles];
    this.profileSlots = new int[Integer.highestOneBit(maxProfiles * 2 - 1) * 2];
  }

  /** A sighting of a client whose agent told no decisions. */
  Outcome offer(
      String clientId,
      String product,
      String channel,
      String version,
      String platform,
      String agentVersion,
      long atMillis) {
    return offer(
        clientId, product, channel, version, platform, agentVersion, null, null, null, atMillis);
  }

  synchronized Outcome offer(
      String clientId,
      String product,
      String channel,
      String version,
      String platform,
      String agentVersion,
      String dismissedVersions,
      String scheduledVersion,
      Instant scheduledAt,
      long atMillis) {
    long key = key(clientId, product);
    Profile profile =
        profile(
            product,
            channel,
            version,
            platform,
            agentVersion,
            dismissedVersions,
            scheduledVersion,
            scheduledAt);
    long slot = pendingIndex.get(key);
    if (slot != LongLongMap.ABSENT) {
      // The newest sighting of a client wins.
      pendingProfiles[(int) slot] = profile;
      pendingAt[(int) slot] = atMillis;
      return Outcome.QUEUED;
    }
    long written = known.get(key);
    if (written != LongLongMap.ABSENT
        && (int) (written >>> 32) == profile.id
        && second(atMillis) - (int) written < resolutionSeconds) {
      return Outcome.KNOWN;
    }
    if (pendingSize >= maxPending) {
      shed++;
      return Outcome.SHED;
    }
    append(key, clientId, profile, atMillis);
    return pendingSize >= flushSize ? Outcome.FLUSH_DUE : Outcome.QUEUED;
  }

  /** Takes every pending client out, to be written. */
  synchronized Batch drain() {
    Batch batch =
        new Batch(generation, pendingSize, pendingKeys, pendingClients, pendingProfiles, pendingAt);
    int capacity = 1024;
    pendingIndex = new LongLongMap(capacity);
    pendingKeys = new long[capacity];
    pendingClients = new String[capacity];
    pendingProfiles = new Profile[capacity];
    pendingAt = new long[capacity];
    pendingSize = 0;
    return batch;
  }

  /** The batch's rows [from, to) are committed: their clients are known as written. */
  synchronized void written(Batch batch, int from, int to) {
    if (batch.generation() != generation) {
      return; // the profile ids were reset since: what is known would be wrong
    }
    for (int i = from; i < to; i++) {
      if (known.size() >= maxKnown) {
        // Forgetting costs one more write per client, never a lost sighting.
        known.clear();
      }
      known.put(
          batch.keys()[i],
          ((long) batch.profiles()[i].id << 32) | (second(batch.atMillis()[i]) & 0xFFFFFFFFL));
    }
  }

  /**
   * The batch's rows [from, to) were not written: back in pending, unless a newer sighting of the
   * same client is there already. Shed (and counted) when pending has filled up meanwhile.
   */
  synchronized void requeue(Batch batch, int from, int to) {
    for (int i = from; i < to; i++) {
      long key = batch.keys()[i];
      if (pendingIndex.get(key) != LongLongMap.ABSENT) {
        continue;
      }
      if (pendingSize >= maxPending) {
        shed++;
        continue;
      }
      append(key, batch.clientIds()[i], batch.profiles()[i], batch.atMillis()[i]);
    }
  }

  synchronized int pending() {
    return pendingSize;
  }

  synchronized int known() {
    return known.size();
  }

  /** Sightings shed since this buffer was made. */
  synchronized long shed() {
    return shed;
  }

  private void append(long key, String clientId, Profile profile, long atMillis) {
    if (pendingSize == pendingKeys.length) {
      int capacity = pendingSize * 2;
      pendingKeys = Arrays.copyOf(pendingKeys, capacity);
      pendingClients = Arrays.copyOf(pendingClients, capacity);
      pendingProfiles = Arrays.copyOf(pendingProfiles, capacity);
      pendingAt = Arrays.copyOf(pendingAt, capacity);
    }
    pendingIndex.put(key, pendingSize);
    pendingKeys[pendingSize] = key;
    pendingClients[pendingSize] = clientId;
    pendingProfiles[pendingSize] = profile;
    pendingAt[pendingSize] = atMillis;
    pendingSize++;
  }

  private Profile profile(
      String product,
      String channel,
      String version,
      String platform,
      String agentVersion,
      String dismissed,
      String scheduledVersion,
      Instant scheduledAt) {
    long hash =
        hash(hash(hash(hash(hash(SEED, product), channel), version), platform), agentVersion);
    if (dismissed != null || scheduledVersion != null) {
      hash = hash(hash(hash(hash, dismissed), scheduledVersion), String.valueOf(scheduledAt));
    }
    int mask = profileSlots.length - 1;
    for (int i = (int) (hash ^ (hash >>> 32)) & mask; ; i = (i + 1) & mask) {
      int at = profileSlots[i];
      if (at == 0) {
        if (profileCount == maxProfiles) {
          resetProfiles();
          return profile(
              product,
              channel,
              version,
              platform,
              agentVersion,
              dismissed,
              scheduledVersion,
              scheduledAt);
        }
        Profile profile =
            new Profile(
                profileCount,
                product,
                channel,
                version,
                platform,
                agentVersion,
                dismissed,
                scheduledVersion,
                scheduledAt);
        profiles[profileCount++] = profile;
        profileSlots[i] = profile.id + 1;
        return profile;
      }
      Profile candidate = profiles[at - 1];
      if (candidate.is(
          product,
          channel,
          version,
          platform,
          agentVersion,
          dismissed,
          scheduledVersion,
          scheduledAt)) {
        return candidate;
      }
    }
  }

  /**
   * More distinct profiles than the table holds (a fleet of many versions, or a flood of made-up
   * ones): start over. Known clients refer to profile ids, so they are forgotten too.
   */
  private void resetProfiles() {
    Arrays.fill(profiles, null);
    Arrays.fill(profileSlots, 0);
    profileCount = 0;
    known.clear();
    generation++;
  }

  private static int second(long millis) {
    return (int) (Math.floorDiv(millis, 1000) - BASE_SECOND);
  }

  private static final long SEED = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  /** The client's key: FNV-1a over both strings, then a 64-bit finalizer to spread it. */
  static long key(String clientId, String product) {
    long h = hash(hash(SEED, clientId), product);
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  private static long hash(long h, String s) {
    if (s == null) {
      return (h ^ 0xFFFE) * PRIME;
    }
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * PRIME;
    }
    // A separator no header character takes, so ("ab", "c") and ("a", "bc") differ.
    return (h ^ 0xFFFF) * PRIME;
  }
}
