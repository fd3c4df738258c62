package org.openupdate.server.artifact;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.openupdate.server.problem.Problem;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;

/**
 * Content-addressed artifact files: {@code <directory>/<first two hex digits>/<sha256>}. An upload
 * is streamed to a temporary file while its SHA-256 and size are computed, and becomes visible only
 * by an atomic move once it matches what the manifest declares; anything else is deleted.
 */
@Startup
@ApplicationScoped
public class ArtifactStore {

  private static final int BUFFER = 64 * 1024;

  /** What the signed manifest says the bytes must be. */
  public record Expected(String component, String sha256, long size) {}

  @Inject ArtifactConfig config;

  /** A store that cannot be created stops the server at start, not at the first upload. */
  @PostConstruct
  void prepare() {
    try {
      Files.createDirectories(config.directory());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create artifact store " + config.directory(), e);
    }
  }

  public long maxUploadSize() {
    return config.maxUploadSize().asLongValue();
  }

  /**
   * Stores the stream if it hashes to {@code expected}; throws a problem (nothing kept) when it is
   * bigger than the upload limit or differs from the manifest in size or hash.
   */
  public void store(InputStream in, Expected expected) {
    Path temp = newTempFile();
    try {
      MessageDigest digest = Sha256.digest();
      long size = copy(in, temp, digest, expected);
      String sha256 = HexFormat.of().formatHex(digest.digest());
      List<Problem.FieldError> errors = new ArrayList<>();
      if (size != expected.size()) {
        errors.add(mismatch(expected, "size", expected.size() + " bytes", size + " bytes"));
      }
      if (!sha256.equals(expected.sha256())) {
        errors.add(mismatch(expected, "sha256", expected.sha256(), sha256));
      }
      if (!errors.isEmpty()) {
        throw new ProblemException(
            ProblemType.UNPROCESSABLE,
            "upload of component '"
                + expected.component()
                + "' does not match the manifest; discarded",
            errors);
      }
      moveIntoPlace(temp, pathOf(sha256));
    } finally {
      deleteQuietly(temp);
    }
  }

  /**
   * Adds a file the server made (a delta) under its SHA-256, which is returned; the file is moved,
   * so make it in {@link #scratchDirectory()}.
   */
  public String storeMade(Path file) {
    try {
      MessageDigest digest = Sha256.digest();
      byte[] buffer = new byte[BUFFER];
      try (InputStream in = Files.newInputStream(file)) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          digest.update(buffer, 0, n);
        }
      }
      String sha256 = HexFormat.of().formatHex(digest.digest());
      moveIntoPlace(file, pathOf(sha256));
      Files.deleteIfExists(file);
      return sha256;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store " + file, e);
    }
  }

  /** A folder on the store's file system for files about to be stored. */
  public Path scratchDirectory() {
    try {
      return Files.createDirectories(config.directory().resolve("tmp"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + config.directory().resolve("tmp"), e);
    }
  }

  /** The stored file for a hash, if there is one. */
  public Optional<Path> find(String sha256) {
    if (!Sha256.HEX.matcher(sha256).matches()) {
      return Optional.empty();
    }
    Path path = pathOf(sha256);
    return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
  }

  private long copy(InputStream in, Path temp, MessageDigest digest, Expected expected) {
    long limit = maxUploadSize();
    byte[] buffer = new byte[BUFFER];
    long total = 0;
    try (OutputStream out = Files.newOutputStream(temp)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        total += n;
        if (total > limit) {
          throw new ProblemException(
              ProblemType.PAYLOAD_TOO_LARGE,
              "upload of component '"
                  + expected.component()
                  + "' is larger than the limit of "
                  + limit
                  + " bytes (openupdate.artifacts.max-upload-size); discarded");
        }
        if (total > expected.size()) {
          // No need to read further: it can no longer match the signed size.
          throw new ProblemException(
              ProblemType.UNPROCESSABLE,
              "upload of component '"
                  + expected.component()
                  + "' does not match the manifest; discarded",
              List.of(
                  mismatch(
                      expected,
                      "size",
                      expected.size() + " bytes",
                      "more than " + expected.size() + " bytes")));
        }
        digest.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write upload to " + temp, e);
    }
    return total;
  }

  private static Problem.FieldError mismatch(
      Expected expected, String field, String declared, String actual) {
    return new Problem.FieldError(
        "/components/" + expected.component() + "/" + field,
        "manifest declares " + declared + ", upload has " + actual);
  }

  private void moveIntoPlace(Path temp, Path target) {
    try {
      Files.createDirectories(target.getParent());
      if (Files.exists(target)) {
        return; // same hash, same bytes: already stored by an earlier release
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IllegalStateException(
            "artifact directory " + config.directory() + " does not support atomic moves", e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store artifact " + target, e);
    }
  }

  private Path newTempFile() {
    try {
      // Same file system as the store, so the final move can be atomic.
      Path tmp = Files.createDirectories(config.directory().resolve("tmp"));
      return Files.createTempFile(tmp, "upload-", ".part");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary file in " + config.directory(), e);
    }
  }

  private Path pathOf(String sha256) {
    return config.directory().resolve(sha256.substring(0, 2)).resolve(sha256);
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete temporary upload " + path, e);
    }
  }
}
