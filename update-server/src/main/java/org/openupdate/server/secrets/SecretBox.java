package org.openupdate.server.secrets;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Encrypts secrets the server must be able to use again (webhook HMAC keys, which cannot be stored
 * hashed) before they go into the database: AES-256-GCM, a random 96-bit nonce per value, and the
 * value's purpose as associated data, so that a sealed value cannot be moved to another use. A dump
 * or backup of the database alone reveals none of them.
 *
 * <p>The key comes from {@code openupdate.secrets.key}, or is generated once into {@code
 * openupdate.secrets.key-file} in the private data directory. Loaded at start so that a malformed
 * key stops the server instead of the first webhook.
 *
 * <pre>{@code
 * String stored = box.seal("webhook-secret", secret);
 * String secret = box.open("webhook-secret", stored);
 * }</pre>
 */
@Startup
@ApplicationScoped
public class SecretBox {

  private static final Logger LOG = Logger.getLogger(SecretBox.class);
  static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject SecretsConfig config;

  private SecretKeySpec key;

  @PostConstruct
  void load() {
    key = new SecretKeySpec(loadKey(config.key(), config.keyFile()), "AES");
  }

  /** The secret, encrypted, in base64. */
  public String seal(String purpose, String secret) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    byte[] sealed =
        crypt(Cipher.ENCRYPT_MODE, nonce, purpose, secret.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder()
        .encodeToString(
            ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
  }

  /**
   * The secret {@link #seal} sealed for the same purpose.
   *
   * @throws IllegalStateException when another key sealed it, or it was changed
   */
  public String open(String purpose, String sealed) {
    byte[] bytes = Base64.getDecoder().decode(sealed);
    if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new IllegalStateException("not a sealed secret");
    }
    byte[] nonce = Arrays.copyOfRange(bytes, 0, NONCE_BYTES);
    byte[] body = Arrays.copyOfRange(bytes, NONCE_BYTES, bytes.length);
    return new String(crypt(Cipher.DECRYPT_MODE, nonce, purpose, body), StandardCharsets.UTF_8);
  }

  private byte[] crypt(int mode, byte[] nonce, String purpose, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(input);
    } catch (AEADBadTagException e) {
      throw new IllegalStateException(
          "a stored secret cannot be opened: it was sealed with another key"
              + " (openupdate.secrets.key) or changed",
          e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has AES-GCM", e);
    }
  }

  /** The configured key, else the one in {@code file}, generated there on first use. */
  static byte[] loadKey(Optional<String> configured, Path file) {
    if (configured.isPresent()) {
      return decode(configured.get(), "openupdate.secrets.key");
    }
    try {
      if (Files.exists(file)) {
        return decode(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
      }
      byte[] generated = new byte[KEY_BYTES];
      RANDOM.nextBytes(generated);
      if (!createExclusively(file, Base64.getEncoder().encodeToString(generated) + "\n")) {
        return decode(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
      }
      LOG.infof(
          "Generated the key that encrypts stored secrets in %s; keep it with backups of the"
              + " database, or set openupdate.secrets.key",
          file);
      return generated;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the secrets key file " + file, e);
    }
  }

  private static byte[] decode(String base64, String source) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(source + " is not base64: " + e.getMessage(), e);
    }
    if (bytes.length != KEY_BYTES) {
      throw new IllegalStateException(
          source
              + " must hold "
              + KEY_BYTES
              + " bytes in base64 (openssl rand -base64 32), was "
              + bytes.length);
    }
    return bytes;
  }

  /**
   * Creates the file only if it does not exist yet, complete and readable by the server's user
   * only; returns false when another instance sharing the directory created it first.
   */
  private static boolean createExclusively(Path file, String content) throws IOException {
    Path directory = file.toAbsolutePath().getParent();
    Files.createDirectories(directory);
    Path temp = Files.createTempFile(directory, "secrets-", ".tmp");
    try {
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      }
      Files.writeString(temp, content, StandardCharsets.US_ASCII);
      Files.createLink(file, temp);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
