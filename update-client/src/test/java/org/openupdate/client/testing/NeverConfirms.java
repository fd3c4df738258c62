package org.openupdate.client.testing;

/** The main class of a broken "new agent": it starts and never completes a check. */
public final class NeverConfirms {
  private NeverConfirms() {}

  public static void main(String[] args) throws InterruptedException {
    Thread.sleep(Long.MAX_VALUE);
  }
}
