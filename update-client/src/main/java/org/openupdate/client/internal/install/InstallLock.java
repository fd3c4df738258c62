package org.openupdate.client.internal.install;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One update at a time, across processes: an OS file lock on {@code <stateDir>/update.lock}. The
 * kernel releases it when the holder dies, even by {@code kill -9}, so it never goes stale.
 */
public final class InstallLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private InstallLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
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

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
