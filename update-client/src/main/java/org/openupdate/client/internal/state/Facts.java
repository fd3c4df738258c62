package org.openupdate.client.internal.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the agent remembers across updates ({@code facts.json}).
 *
 * @param clientId generated once, sent as {@code X-Client-Id}
 * @param highestSeen the highest version installed or offered in a verified manifest; lower offers
 *     are rollback attacks
 * @param failedVersions versions whose install, hooks or health check failed on this machine, the
 *     most recent last; the daemon does not retry them on its own and {@code rollback} does not
 *     pick them
 * @param goodVersions versions that passed their health check on this machine; {@code rollback}
 *     goes to the newest of them. Null until recorded: facts written by an agent that did not keep
 *     them, or a new state folder (see {@link StateStore#adoptGoodVersions})
 * @param skippedVersions versions not downloaded or installed, with why: left by a manual rollback
 *     or a recall, until a newer release is offered or the operator lifts it ({@code unskip})
 * @param sequences per channel, the highest manifest sequence of a release this agent installed and
 *     kept; a manifest below it is a replay
 * @param scheduled the waiting update a person asked to install at a given time ({@code
 *     update-client schedule}), once; null when none
 */
public record Facts(
    String clientId,
    String highestSeen,
    List<String> failedVersions,
    List<String> goodVersions,
    Map<String, String> skippedVersions,
    Map<String, Long> sequences,
    Schedule scheduled) {

  /** Install {@code version} at {@code at}, inside the maintenance window or not. */
  public record Schedule(String version, Instant at) {}

  public Facts {
    failedVersions = failedVersions == null ? List.of() : List.copyOf(failedVersions);
    goodVersions = goodVersions == null ? null : List.copyOf(goodVersions);
    skippedVersions =
        skippedVersions == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(skippedVersions));
    sequences = sequences == null ? Map.of() : Map.copyOf(sequences);
  }

  Facts withHighestSeen(String version) {
    return new Facts(
        clientId, version, failedVersions, goodVersions, skippedVersions, sequences, scheduled);
  }

  /**
   * The latest verdict on a version wins: it is good or failed, never both. A failure does not
   * start the record of good versions, so they can still be adopted.
   */
  Facts withVerdict(String version, boolean good) {
    List<String> failed = new ArrayList<>(failedVersions);
    failed.remove(version);
    List<String> passed = goodVersions == null ? null : new ArrayList<>(goodVersions);
    if (passed != null) {
      passed.remove(version);
    }
    if (good) {
      passed = passed == null ? new ArrayList<>() : passed;
      passed.add(version);
    } else {
      failed.add(version);
    }
    return new Facts(clientId, highestSeen, failed, passed, skippedVersions, sequences, scheduled);
  }

  Facts withGoodVersions(List<String> versions) {
    return new Facts(
        clientId, highestSeen, failedVersions, versions, skippedVersions, sequences, scheduled);
  }

  Facts withSkippedVersions(Map<String, String> versions) {
    return new Facts(
        clientId, highestSeen, failedVersions, goodVersions, versions, sequences, scheduled);
  }

  Facts withScheduled(Schedule value) {
    return new Facts(
        clientId, highestSeen, failedVersions, goodVersions, skippedVersions, sequences, value);
  }

  Facts withSequences(Map<String, Long> values) {
    return new Facts(
        clientId, highestSeen, failedVersions, goodVersions, skippedVersions, values, scheduled);
  }
}
