package org.openupdate.server.notify;

import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.openupdate.manifest.Version;

/**
 * What makes a client of one product and channel drift, from the channel's publications: running
 * something older than a release live there since before the cut-off, or a release pulled from it
 * before then.
 */
final class DriftRule {

  enum Verdict {
    BEHIND,
    ON_PULLED
  }

  private final Instant cutOff;
  private Version head;
  private Version newestLiveBeforeCutOff;
  private final Set<Version> pulledBeforeCutOff = new HashSet<>();

  /**
   * @param cutOff publications and pulls after it give clients time yet
   */
  DriftRule(Instant cutOff) {
    this.cutOff = cutOff;
  }

  void add(Version version, Instant publishedAt, Instant pulledAt) {
    if (pulledAt != null) {
      if (!pulledAt.isAfter(cutOff)) {
        pulledBeforeCutOff.add(version);
      }
      return;
    }
    if (head == null || version.compareTo(head) > 0) {
      head = version;
    }
    if (!publishedAt.isAfter(cutOff)
        && (newestLiveBeforeCutOff == null || version.compareTo(newestLiveBeforeCutOff) > 0)) {
      newestLiveBeforeCutOff = version;
    }
  }

  /** The newest live release of the channel. */
  Optional<Version> head() {
    return Optional.ofNullable(head);
  }

  /** Whether clients running {@code running} drift, and how. */
  Optional<Verdict> judge(Version running) {
    if (pulledBeforeCutOff.contains(running)) {
      return Optional.of(Verdict.ON_PULLED);
    }
    if (newestLiveBeforeCutOff != null && newestLiveBeforeCutOff.compareTo(running) > 0) {
      return Optional.of(Verdict.BEHIND);
    }
    return Optional.empty();
  }
}
