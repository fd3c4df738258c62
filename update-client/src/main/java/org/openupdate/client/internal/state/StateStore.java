package org.openupdate.client.internal.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.openupdate.manifest.ManifestJson;
import org.openupdate.manifest.Version;

/**
 * Keeps {@code state.json}, {@code facts.json} and {@code next-check.json} in the state directory,
 * written atomically.
 */
public final class StateStore {
  private static final String DISMISSED = "dismissed at ";
  private final Path stateFile;
  private final Path factsFile;
  private final Path nextCheckFile;
  private final Clock clock;
  private final ObjectMapper mapper = ManifestJson.mapper();

  public StateStore(Path stateDir, Clock clock) {
    this.stateFile = stateDir.resolve("state.json");
    this.factsFile = stateDir.resolve("facts.json");
    this.nextCheckFile = stateDir.resolve("next-check.json");
    this.clock = clock;
  }

  public Transaction transaction() {
    return read(stateFile, Transaction.class).orElseGet(() -> Transaction.idle(clock.instant()));
  }

  public void save(Transaction transaction) {
    write(stateFile, transaction);
  }

  public Facts facts() {
    return read(factsFile, Facts.class)
        .orElseGet(
            () -> {
              Facts fresh =
                  new Facts(UUID.randomUUID().toString(), null, null, null, null, null, null);
              write(factsFile, fresh);
              return fresh;
            });
  }

  /** Raises the highest seen version; never lowers it. */
  public void sawVersion(Version version) {
    Facts facts = facts();
    if (facts.highestSeen() == null || version.isNewerThan(Version.parse(facts.highestSeen()))) {
      write(factsFile, facts.withHighestSeen(version.toString()));
    }
  }

  /** {@code version} failed on this machine (install, hook or health check). */
  public void markFailed(String version) {
    write(factsFile, facts().withVerdict(version, false));
  }

  /** {@code version} passed its health check on this machine. */
  public void markGood(String version) {
    write(factsFile, facts().withVerdict(version, true));
  }

  /**
   * Takes {@code versions} as good when no good versions are recorded yet: the versions an earlier
   * agent kept had passed their health check, or it would have recorded them as failed.
   */
  public void adoptGoodVersions(List<String> versions) {
    Facts facts = facts();
    if (facts.goodVersions() == null) {
      List<String> good = new ArrayList<>(versions);
      good.removeAll(facts.failedVersions());
      write(factsFile, facts.withGoodVersions(good));
    }
  }

  /** Versions that passed their health check here; empty until recorded. */
  public List<String> goodVersions() {
    List<String> good = facts().goodVersions();
    return good == null ? List.of() : good;
  }

  /** Skips {@code version} until a newer release is offered or {@link #unskip} lifts it. */
  public void skip(String version, String why) {
    Map<String, String> skipped = new LinkedHashMap<>(facts().skippedVersions());
    skipped.put(version, why);
    write(factsFile, facts().withSkippedVersions(skipped));
  }

  /**
   * A person dismissed {@code version}: skipped like a version left by a rollback, and told to the
   * server as dismissed. A schedule of it is dropped.
   */
  public void dismiss(String version) {
    skip(version, DISMISSED + clock.instant());
    Facts facts = facts();
    if (facts.scheduled() != null && facts.scheduled().version().equals(version)) {
      write(factsFile, facts.withScheduled(null));
    }
  }

  /** Skips a person asked for ({@link #dismiss}), not those left by a rollback or a recall. */
  public List<String> dismissedVersions() {
    return facts().skippedVersions().entrySet().stream()
        .filter(e -> isDismissal(e.getValue()))
        .map(Map.Entry::getKey)
        .toList();
  }

  public static boolean isDismissal(String why) {
    return why.startsWith(DISMISSED);
  }

  /** Install {@code version} at {@code at}, once; replaces an earlier schedule. */
  public void schedule(String version, java.time.Instant at) {
    write(factsFile, facts().withScheduled(new Facts.Schedule(version, at)));
  }

  public Optional<Facts.Schedule> scheduled() {
    return Optional.ofNullable(facts().scheduled());
  }

  /** Forgets the schedule: it was used, or its version will not be installed any more. */
  public void dropSchedule() {
    if (facts().scheduled() != null) {
      write(factsFile, facts().withScheduled(null));
    }
  }

  /** Lifts the skip of {@code version}; the reason it was skipped, empty when it was not. */
  public Optional<String> unskip(String version) {
    Map<String, String> skipped = new LinkedHashMap<>(facts().skippedVersions());
    Optional<String> why = Optional.ofNullable(skipped.remove(version));
    if (why.isPresent()) {
      write(factsFile, facts().withSkippedVersions(skipped));
    }
    return why;
  }

  /** A release newer than a skipped version was offered: that skip has done its job. */
  public void liftSkipsBelow(Version offered) {
    Map<String, String> skipped = new LinkedHashMap<>(facts().skippedVersions());
    if (skipped
        .keySet()
        .removeIf(v -> Version.isValid(v) && offered.isNewerThan(Version.parse(v)))) {
      write(factsFile, facts().withSkippedVersions(skipped));
    }
  }

  /**
   * A release signed with {@code sequence} for {@code channel} was installed and kept: every
   * manifest signed before it is a replay from now on. Never lowers the kept sequence.
   */
  public void keepSequence(String channel, long sequence) {
    Facts facts = facts();
    if (sequence > facts.sequences().getOrDefault(channel, 0L)) {
      Map<String, Long> sequences = new HashMap<>(facts.sequences());
      sequences.put(channel, sequence);
      write(factsFile, facts.withSequences(sequences));
    }
  }

  /** The daemon's next check, replacing the one before. */
  public void nextCheck(NextCheck next) {
    write(nextCheckFile, next);
  }

  /** The next check the daemon last recorded; empty when no daemon has run here. */
  public Optional<NextCheck> nextCheck() {
    return read(nextCheckFile, NextCheck.class);
  }

  /** The highest version seen in a verified manifest or installed. */
  public Optional<Version> highestSeen() {
    return Optional.ofNullable(facts().highestSeen()).map(Version::parse);
  }

  private <T> Optional<T> read(Path file, Class<T> type) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(mapper.readValue(Files.readAllBytes(file), type));
    } catch (IOException e) {
      throw new UncheckedIOException("state file " + file + " is unreadable: " + e.getMessage(), e);
    }
  }

  private void write(Path file, Object value) {
    try {
      writeAtomically(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write state file " + file, e);
    }
  }

  /**
   * Write to a temp file, fsync, then rename over the target: readers see old or new, never half.
   */
  public static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel channel =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      channel.write(java.nio.ByteBuffer.wrap(bytes));
      channel.force(true);
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
