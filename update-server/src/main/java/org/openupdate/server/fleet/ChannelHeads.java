package org.openupdate.server.fleet;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.openupdate.manifest.Version;

/**
 * What one product's clients on one channel are measured against: the releases active on the
 * channel or a channel it follows (published and not pulled there), and the pulled ones. The head
 * is the newest active release. Pure, so the drift rules are unit-tested without a database.
 */
final class ChannelHeads {

  static final ChannelHeads NONE = new ChannelHeads(List.of(), Set.of());

  /** Ascending, one entry per precedence ({@code 2.4.1} and {@code 2.4.1-stable} are one). */
  private final List<Version> active;

  private final Set<Version> pulled;

  /**
   * @param active releases active on the channel's chain
   * @param pulled releases pulled from the chain or from every channel; those also active on the
   *     chain count as active
   */
  ChannelHeads(Collection<Version> active, Collection<Version> pulled) {
    TreeSet<Version> activeSet = new TreeSet<>(active);
    TreeSet<Version> pulledSet = new TreeSet<>(pulled);
    pulledSet.removeAll(activeSet);
    this.active = List.copyOf(activeSet);
    this.pulled = Set.copyOf(pulledSet);
  }

  Optional<Version> head() {
    return active.isEmpty() ? Optional.empty() : Optional.of(active.get(active.size() - 1));
  }

  /** The standing of a client seen within the stale window that runs {@code running}. */
  Standing classify(Version running) {
    if (pulled.contains(running)) {
      return Standing.ON_PULLED;
    }
    int newer = active.size() - firstAbove(running);
    return newer == 0 ? Standing.CURRENT : Standing.behind(newer);
  }

  /** Index of the first active release newer than {@code running} (binary search). */
  private int firstAbove(Version running) {
    int low = 0;
    int high = active.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (active.get(mid).compareTo(running) <= 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
