package org.openupdate.manifest.trust;

/** A root document or timestamp that is refused; the message says which and why. */
public final class TrustException extends RuntimeException {
  public TrustException(String message) {
    super(message);
  }

  public TrustException(String message, Throwable cause) {
    super(message, cause);
  }
}
