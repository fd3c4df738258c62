package org.openupdate.client.internal;

/**
 * Another agent is installing (or downloading into the same folder) right now; this one stops
 * without touching anything and says so (exit code 5).
 */
public final class Busy extends RuntimeException {
  public Busy(String message) {
    super(message);
  }
}
