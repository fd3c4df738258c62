package org.openupdate.client.internal.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.openupdate.client.internal.Busy;
import org.openupdate.client.internal.Sha256;
import org.openupdate.client.internal.net.Http;
import org.openupdate.client.internal.net.RefusedAnswerException;
import org.openupdate.manifest.RefusalReason;

/**
 * Downloads one artifact into {@code <dir>/<sha256>} with constant memory: resumes a previous
 * {@code .part} with {@code Range}, hashes while streaming, never reads more than the signed size,
 * and gives up when the transfer is slower than the floor or passes its deadline.
 */
public final class ArtifactDownloader {
  /**
   * A resume asks again for up to this many bytes before the end of the {@code .part}: when they
   * differ from those held, the part is not this file's beginning (a mirror answered for another
   * file of the same length) and the download starts over.
   */
  static final int OVERLAP = 4096;

  private final Http http;
  private final Path dir;
  private final Http.Limits limits;

  /** Receives progress as bytes arrive (the terminal progress bar). */
  public interface Progress {
    void update(long bytes, long total);

    Progress NONE = (bytes, total) -> {};
  }

  /**
   * @param limits the floor and deadline of one component's download
   */
  public ArtifactDownloader(Http http, Path dir, Http.Limits limits) {
    this.http = http;
    this.dir = dir;
    this.limits = limits;
  }

  /**
   * The verified file; throws {@link DownloadException} saying what was wrong.
   *
   * @throws Busy when another agent is downloading into the same folder: its partial files must not
   *     be appended to twice
   */
  public Path fetch(URI uri, String sha256, long size, Progress progress) throws IOException {
    Files.createDirectories(dir);
    try (FileChannel channel =
        FileChannel.open(
            dir.resolve("downloading.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new Busy("another agent is downloading into " + dir + " right now");
      }
      return fetchAlone(uri, sha256, size, progress);
    }
  }

  private Path fetchAlone(URI uri, String sha256, long size, Progress progress) throws IOException {
    Path done = dir.resolve(sha256);
    if (Files.isRegularFile(done) && Files.size(done) == size && sha256.equals(Sha256.of(done))) {
      return done;
    }
    Path part = dir.resolve(sha256 + ".part");
    long have = Files.exists(part) ? Files.size(part) : 0;
    if (have > size) {
      Files.delete(part);
      have = 0;
    }
    MessageDigest digest = Sha256.digest();
    if (have > 0) {
      Sha256.update(digest, part);
    }
    if (have < size) {
      try {
        if (!transfer(uri, part, have, size, sha256, digest, progress)) {
          digest.reset();
          transfer(uri, part, 0, size, sha256, digest, progress);
        }
      } catch (DownloadException e) {
        if (e.refusal().isPresent()) {
          Files.deleteIfExists(part);
        }
        throw e;
      }
    }
    String actual = HexFormat.of().formatHex(digest.digest());
    if (!actual.equals(sha256)) {
      Files.deleteIfExists(part);
      throw DownloadException.refused(
          RefusalReason.BAD_HASH,
          "artifact from "
              + uri
              + " has SHA-256 "
              + actual
              + " but the signed manifest says "
              + sha256
              + "; refused");
    }
    Files.move(part, done, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return done;
  }

  /**
   * Appends the rest of the artifact to {@code part}; false when the bytes asked for again do not
   * match those held, and the part was deleted.
   */
  private boolean transfer(
      URI uri,
      Path part,
      long have,
      long size,
      String sha256,
      MessageDigest digest,
      Progress progress)
      throws IOException {
    int overlap = (int) Math.min(have, OVERLAP);
    long from = have - overlap;
    Map<String, String> headers = have > 0 ? Map.of("Range", "bytes=" + from + "-") : Map.of();
    try (Http.Exchange exchange = http.open(uri, headers, limits)) {
      int status = exchange.status();
      if (status == 416) {
        throw DownloadException.refused(
            RefusalReason.BAD_SIZE,
            "artifact from "
                + uri
                + " is shorter than the "
                + have
                + " bytes downloaded before (HTTP 416), so shorter than its signed size "
                + size
                + "; refused");
      }
      // The whole file's length as the answer states it; -1 when it does not.
      long total = exchange.contentLength();
      if (status == 200 && have > 0) {
        // The server ignored Range: start over rather than append a second copy.
        digest.reset();
        have = 0;
        overlap = 0;
        from = 0;
        Files.deleteIfExists(part);
      } else if (status == 206) {
        String range = exchange.header("Content-Range").orElse(null);
        if (range == null || !range.startsWith("bytes " + from + "-")) {
          throw new DownloadException(
              "server answered Range bytes=" + from + "- with Content-Range '" + range + "'");
        }
        String length = range.substring(range.indexOf('/') + 1);
        total = length.matches("\\d{1,18}") ? Long.parseLong(length) : -1;
      } else if (status != 200) {
        throw new DownloadException("artifact " + uri + " answered HTTP " + status);
      }
      // Answers for another file are refused before a byte of them is kept (and what was kept
      // for resuming is discarded): by the length of the file, or by its SHA-256 when the ETag
      // is one, as the update server's is.
      String etag = exchange.header("ETag").orElse("");
      if (etag.matches("\"\\p{XDigit}{64}\"") && !etag.equalsIgnoreCase('"' + sha256 + '"')) {
        throw DownloadException.refused(
            RefusalReason.BAD_HASH,
            "artifact from "
                + uri
                + " has SHA-256 "
                + etag
                + " by its ETag but the signed manifest says "
                + sha256
                + "; refused");
      }
      if (total != -1 && total != size) {
        throw DownloadException.refused(
            RefusalReason.BAD_SIZE,
            "artifact from "
                + uri
                + " is "
                + (total > size ? "longer" : "shorter")
                + " ("
                + total
                + " bytes) than its signed size "
                + size
                + "; refused");
      }
      long declared = exchange.contentLength();
      if (declared > size - from) {
        throw DownloadException.refused(
            RefusalReason.BAD_SIZE,
            "artifact from "
                + uri
                + " is longer ("
                + (from + declared)
                + " bytes) than its signed size "
                + size
                + "; refused");
      }
      if (overlap > 0 && !sameAsHeld(exchange.body(), part, overlap)) {
        Files.delete(part);
        return false;
      }
      try (OutputStream out =
          Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        copy(exchange.body(), out, have, size, digest, progress, uri);
      }
      return true;
    } catch (DownloadException e) {
      throw e;
    } catch (RefusedAnswerException e) {
      // Whatever that origin would send is not taken for the signed artifact.
      throw DownloadException.refused(RefusalReason.BAD_HASH, e.getMessage());
    } catch (IOException e) {
      // Slow, stalled or dropped: what arrived is kept and resumed.
      throw new DownloadException(e.getMessage() + "; will resume later");
    }
  }

  /** Whether the answer starts with the last {@code overlap} bytes of {@code part}. */
  private static boolean sameAsHeld(InputStream in, Path part, int overlap) throws IOException {
    byte[] held = new byte[overlap];
    try (RandomAccessFile file = new RandomAccessFile(part.toFile(), "r")) {
      file.seek(file.length() - overlap);
      file.readFully(held);
    }
    byte[] again = in.readNBytes(overlap);
    if (again.length < overlap) {
      throw new IOException("the answer ended within the " + overlap + " bytes asked for again");
    }
    return Arrays.equals(held, again);
  }

  private void copy(
      InputStream in,
      OutputStream out,
      long have,
      long size,
      MessageDigest digest,
      Progress progress,
      URI uri)
      throws IOException {
    byte[] buffer = new byte[Sha256.BUFFER];
    while (have < size) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, size - have));
      if (n == -1) {
        throw new DownloadException(
            "artifact from "
                + uri
                + " ended after "
                + have
                + " of "
                + size
                + " bytes; will resume later");
      }
      out.write(buffer, 0, n);
      digest.update(buffer, 0, n);
      have += n;
      progress.update(have, size);
    }
    // Signed size reached: one more byte means the server is sending more than was signed.
    if (in.read() != -1) {
      throw DownloadException.refused(
          RefusalReason.BAD_SIZE,
          "artifact from "
              + uri
              + " is longer than its signed size "
              + size
              + " bytes (endless data); refused");
    }
  }
}
