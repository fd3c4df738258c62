package org.openupdate.client.internal.download;

import java.io.IOException;

/**
 * A download that was refused or interrupted; the message says which and why. A refused one ({@link
 * #refused()}) also discards the partial file so a retry cannot reuse its bytes.
 */
public final class DownloadException extends IOException {
  private final boolean refused;

  DownloadException(String message) {
    this(message, false);
  }

  DownloadException(String message, boolean refused) {
    super(message);
    this.refused = refused;
  }

  static DownloadException refused(String message) {
    return new DownloadException(message, true);
  }

  public boolean refused() {
    return refused;
  }
}
