package org.openupdate.manifest.pgp;

/** Thrown when data is not signed as required; the message says why. */
public class SignatureVerificationException extends RuntimeException {

  public SignatureVerificationException(String message) {
    super(message);
  }
}
