package org.openupdate.server.notify;

/** One kind of receiver. Every wait inside {@link #send} is bounded by configuration. */
interface Target {

  /** A subscription with its secrets opened, for the length of one send only. */
  record Subscriber(long id, TargetKind kind, String address, String secret) {
    @Override
    public String toString() {
      // Never the address (a Slack or Teams URL is a secret) nor the secret.
      return "subscription " + id + " (" + kind.json() + ")";
    }
  }

  void send(DeliveryWorker.Claimed delivery, Notice notice) throws DeliveryException;
}
