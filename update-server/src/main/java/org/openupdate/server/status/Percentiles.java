package org.openupdate.server.status;

import java.util.List;

/** Nearest-rank percentiles over a small list of durations. */
final class Percentiles {

  private Percentiles() {}

  /** The p-th percentile (nearest rank), or null for an empty list. */
  static Double of(List<Double> values, int p) {
    if (values.isEmpty()) {
      return null;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
