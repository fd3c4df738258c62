package org.openupdate.server.support;

import org.openupdate.server.check.SnapshotHolder;

/**
 * New products the check snapshot already knows: policies are kept for the snapshot's products, and
 * a product without releases reaches the snapshot with its next refresh (every 2 s).
 */
public final class KnownProducts {

  private KnownProducts() {}

  public static String create(SnapshotHolder snapshots, String prefix) {
    String product = Admin.unique(prefix);
    ReleaseFixture.createProduct(product);
    try {
      for (int i = 0; i < 100 && !snapshots.current().hasProduct(product); i++) {
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!snapshots.current().hasProduct(product)) {
      throw new IllegalStateException("the snapshot did not learn of product " + product);
    }
    return product;
  }
}
