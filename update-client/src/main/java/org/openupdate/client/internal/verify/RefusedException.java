package org.openupdate.client.internal.verify;

import org.openupdate.manifest.RefusalReason;

/**
 * An offered update the agent will not install; the message says what was refused and why, the
 * reason is the code the status report carries.
 */
public final class RefusedException extends RuntimeException {
  private final RefusalReason reason;

  public RefusedException(RefusalReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public RefusedException(RefusalReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public RefusalReason reason() {
    return reason;
  }
}
