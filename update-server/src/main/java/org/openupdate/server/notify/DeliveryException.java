package org.openupdate.server.notify;

/** A target refused or could not be reached; the message says which and why (no secrets). */
class DeliveryException extends Exception {

  DeliveryException(String message) {
    super(message);
  }

  DeliveryException(String message, Throwable cause) {
    super(message, cause);
  }
}
