package org.openupdate.server.check;

import java.time.Instant;
import org.openupdate.manifest.Version;

/**
 * One release placed on one channel, as the check path sees it.
 *
 * @param minimumVersion null when any older version may update directly
 * @param expires null when the manifest does not expire
 * @param soakStartedAt when the release first appeared on another channel of its product; null when
 *     it never did (soak policy then keeps it off the soak target channel)
 * @param percentage share of clients currently offered the release; 0 while halted or awaiting
 *     approval
 */
public record ReleaseOffer(
    String product,
    Version version,
    String channel,
    Version minimumVersion,
    boolean mandatory,
    Instant expires,
    Instant soakStartedAt,
    int percentage,
    LazyAnswer answer) {

  /** Whether a client on {@code current} may install this release directly. */
  public boolean reaches(Version current) {
    return minimumVersion == null || current.compareTo(minimumVersion) >= 0;
  }
}
