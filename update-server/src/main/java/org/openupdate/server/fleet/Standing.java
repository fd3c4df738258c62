package org.openupdate.server.fleet;

/**
 * A client's drift and, when {@link Drift#BEHIND}, how many active releases are newer than what it
 * runs (0 otherwise).
 */
record Standing(Drift drift, int releasesBehind) {

  static final Standing CURRENT = new Standing(Drift.CURRENT, 0);
  static final Standing ON_PULLED = new Standing(Drift.ON_PULLED, 0);
  static final Standing STALE = new Standing(Drift.STALE, 0);

  static Standing behind(int releases) {
    return new Standing(Drift.BEHIND, releases);
  }

  /** Null unless behind, so that the wire shows the count only where it means something. */
  Integer releasesBehindOrNull() {
    return drift == Drift.BEHIND ? releasesBehind : null;
  }
}
