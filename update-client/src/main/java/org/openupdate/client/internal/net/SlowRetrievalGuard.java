package org.openupdate.client.internal.net;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A response body that must arrive before a deadline and no slower than a floor (TUF's "slow
 * retrieval"). A read blocks as long as the sender likes and HttpClient has no read timeout, so a
 * watchdog closes the stream when a limit is broken; that wakes the blocked read, which then throws
 * saying which limit.
 */
final class SlowRetrievalGuard extends FilterInputStream {
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "http-watchdog");
            thread.setDaemon(true);
            return thread;
          });

  private final URI uri;
  private final Http.Limits limits;
  private final List<ScheduledFuture<?>> timers;
  private volatile long bytes;
  private long bytesAtWindowStart;
  private volatile String brokenLimit;

  /**
   * @param deadlineAt {@link System#nanoTime()} by which the whole body must have arrived
   */
  SlowRetrievalGuard(InputStream in, URI uri, Http.Limits limits, long deadlineAt) {
    super(in);
    this.uri = uri;
    this.limits = limits;
    long window = limits.window().toNanos();
    this.timers =
        List.of(
            WATCHDOG.schedule(
                () -> abort("passed its deadline of " + limits.deadline().toSeconds() + " s"),
                deadlineAt - System.nanoTime(),
                TimeUnit.NANOSECONDS),
            WATCHDOG.scheduleAtFixedRate(this::endOfWindow, window, window, TimeUnit.NANOSECONDS));
  }

  private void endOfWindow() {
    long now = bytes;
    long received = now - bytesAtWindowStart;
    bytesAtWindowStart = now;
    double rate = received / (limits.window().toNanos() / 1e9);
    if (received == 0) {
      abort("sent nothing for " + limits.window().toSeconds() + " s");
    } else if (rate < limits.minBytesPerSecond()) {
      abort(
          String.format(
              "is too slow: %.0f bytes/s is below the floor of %d bytes/s",
              rate, limits.minBytesPerSecond()));
    }
  }

  private void abort(String why) {
    if (brokenLimit != null) {
      return;
    }
    brokenLimit = why;
    timers.forEach(timer -> timer.cancel(false));
    try {
      in.close();
    } catch (IOException e) {
      // The reader learns why from brokenLimit either way.
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n;
    try {
      n = in.read(buffer, offset, length);
    } catch (IOException e) {
      throw brokenLimit == null ? e : slow();
    }
    // A closed stream reads as its end; only brokenLimit tells an abort from a complete body.
    if (brokenLimit != null) {
      throw slow();
    }
    if (n > 0) {
      bytes += n;
    }
    return n;
  }

  private IOException slow() {
    return new IOException(uri + " " + brokenLimit + " (slow retrieval)");
  }

  @Override
  public void close() throws IOException {
    timers.forEach(timer -> timer.cancel(false));
    in.close();
  }
}
