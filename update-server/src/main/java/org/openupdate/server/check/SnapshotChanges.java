package org.openupdate.server.check;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** Marks the snapshot stale on every instance, in the same transaction as the change itself. */
@ApplicationScoped
public class SnapshotChanges {

  @Inject EntityManager entityManager;
  @Inject Event<SnapshotInvalidated> invalidated;

  @Transactional(Transactional.TxType.MANDATORY)
  public void bump(String why) {
    entityManager
        .createNativeQuery("update snapshot_changes set version = version + 1 where id = 1")
        .executeUpdate();
    invalidated.fire(new SnapshotInvalidated(why));
  }
}
