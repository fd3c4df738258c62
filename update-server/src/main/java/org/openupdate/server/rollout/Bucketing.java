package org.openupdate.server.rollout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Sticky rollout buckets. A client's bucket for a release is derived from a SHA-256 of (client id,
 * product, version), so it is the same on every poll and on every server instance, and a client
 * inside a 5% stage stays inside when the stage is raised to 25%. Different releases hash
 * differently, so the same clients are not always the canaries.
 */
public final class Bucketing {

  private static final double TWO_TO_THE_53 = 9007199254740992.0;

  private Bucketing() {}

  /** The client's position for this release in [0, 100). */
  public static double bucketOf(String clientId, String product, String version) {
    byte[] digest = sha256(clientId + '\n' + product + '\n' + version);
    long top53 = 0;
    for (int i = 0; i < 7; i++) {
      top53 = (top53 << 8) | (digest[i] & 0xff);
    }
    top53 >>>= 3; // 56 bits read, keep 53 so the double is exact
    return top53 / TWO_TO_THE_53 * 100.0;
  }

  /**
   * Whether a client is inside a rollout at {@code percentage}. A client without an id cannot be
   * placed stably, so it only gets fully rolled-out releases.
   */
  public static boolean isInside(
      String clientIdOrNull, String product, String version, int percentage) {
    if (percentage >= 100) {
      return true;
    }
    if (clientIdOrNull == null || percentage <= 0) {
      return false;
    }
    return bucketOf(clientIdOrNull, product, version) < percentage;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
