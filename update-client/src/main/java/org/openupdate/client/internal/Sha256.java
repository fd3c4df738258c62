package org.openupdate.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 with constant memory: one 64 KiB buffer whatever the file size. */
public final class Sha256 {
  public static final int BUFFER = 64 * 1024;

  private Sha256() {}

  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  public static String of(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  public static String of(Path file) throws IOException {
    MessageDigest digest = digest();
    update(digest, file);
    return HexFormat.of().formatHex(digest.digest());
  }

  public static void update(MessageDigest digest, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[BUFFER];
      int n;
      while ((n = in.read(buffer)) != -1) {
        digest.update(buffer, 0, n);
      }
    }
  }
}
