package org.openupdate.client.internal.download;

import java.io.IOException;
import java.util.Optional;
import org.openupdate.manifest.RefusalReason;

/**
 * A download that was refused or interrupted; the message says which and why. A refused one ({@link
 * #refusal()}) also discards the partial file so a retry cannot reuse its bytes.
 */
public final class DownloadException extends IOException {
  private final transient RefusalReason refusal;

  DownloadException(String message) {
    this(message, null);
  }

  private DownloadException(String message, RefusalReason refusal) {
    super(message);
    this.refusal = refusal;
  }

  static DownloadException refused(RefusalReason reason, String message) {
    return new DownloadException(message, reason);
  }

  /** Why the bytes were refused; empty for an interrupted or slow download that may resume. */
  public Optional<RefusalReason> refusal() {
    return Optional.ofNullable(refusal);
  }
}
