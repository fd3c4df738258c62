package org.openupdate.client.internal.install;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.openupdate.client.internal.Busy;

/**
 * One update at a time, across processes: an OS file lock on {@code <stateDir>/update.lock}. The
 * kernel releases it when the holder dies, even by {@code kill -9}, so it never goes stale. It is
 * held to install, roll back or recover, and for the moment it takes to write state; never while
 * the agent waits on the network.
 */
public final class InstallLock implements AutoCloseable {
  private static final int BRIEF_ATTEMPTS = 10;
  private final FileChannel channel;
  private final FileLock lock;

  private InstallLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Work done under the lock. */
  public interface Action {
    void run() throws IOException;
  }

  /** The lock, or empty when another agent holds it. */
  public static Optional<InstallLock> tryAcquire(Path stateDir) throws IOException {
    Files.createDirectories(stateDir);
    FileChannel channel =
        FileChannel.open(
            stateDir.resolve("update.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        return Optional.empty();
      }
      return Optional.of(new InstallLock(channel, lock));
    } catch (OverlappingFileLockException e) {
      channel.close();
      return Optional.empty();
    }
  }

  /**
   * The lock.
   *
   * @throws Busy when another agent holds it
   */
  public static InstallLock acquire(Path stateDir) throws IOException {
    return tryAcquire(stateDir).orElseThrow(() -> busy(stateDir));
  }

  /**
   * Runs {@code action} under the lock, to write state. Waits a moment for another agent's moment
   * under the lock, never for an install.
   *
   * @throws Busy when another agent keeps holding it
   */
  public static void briefly(Path stateDir, Action action) throws IOException {
    for (int attempt = 1; ; attempt++) {
      Optional<InstallLock> lock = tryAcquire(stateDir);
      if (lock.isPresent()) {
        try (InstallLock held = lock.get()) {
          action.run();
          return;
        }
      }
      if (attempt == BRIEF_ATTEMPTS) {
        throw busy(stateDir);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw busy(stateDir);
      }
    }
  }

  private static Busy busy(Path stateDir) {
    return new Busy(
        "another update is in progress (lock "
            + stateDir.resolve("update.lock")
            + " is held); not starting a second one");
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
