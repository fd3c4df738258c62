package org.openupdate.server.check;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Keeps one instance's snapshot in step with the shared database: a cheap fingerprint query every
 * few seconds, a full reload only when it changed. Each server instance has one; tests create a
 * second one on the same database to play a second instance.
 */
public final class SnapshotRefresher {

  private final DataSource dataSource;
  private volatile CheckSnapshot current = CheckSnapshot.EMPTY;
  private String fingerprint = "";
  private final SnapshotLoader.Memo memo = new SnapshotLoader.Memo();

  public SnapshotRefresher(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public CheckSnapshot current() {
    return current;
  }

  /** Reloads when another instance (or anyone) changed what the snapshot depends on. */
  public synchronized boolean refreshIfChanged() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      String now = SnapshotLoader.fingerprint(connection);
      if (now.equals(fingerprint)) {
        return false;
      }
      current = SnapshotLoader.load(connection, SnapshotLoader.changeVersion(connection), memo);
      fingerprint = now;
      return true;
    }
  }

  /** Reloads unconditionally, e.g. right after this instance committed a change. */
  public synchronized void rebuild() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      String now = SnapshotLoader.fingerprint(connection);
      current = SnapshotLoader.load(connection, SnapshotLoader.changeVersion(connection), memo);
      fingerprint = now;
    }
  }
}
