package org.openupdate.client.internal.verify;

/** An offered update the agent will not install; the message says what was refused and why. */
public final class RefusedException extends RuntimeException {
  public RefusedException(String message) {
    super(message);
  }

  public RefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
