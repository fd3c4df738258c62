package org.openupdate.server.signing;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.openupdate.manifest.pgp.DetachedSigner;
import org.openupdate.manifest.pgp.GeneratedKey;
import org.openupdate.manifest.pgp.PgpKeys;
import org.openupdate.manifest.pgp.SigningKey;

/**
 * The server's active signing keys: the configured key file(s) in production, otherwise a key
 * generated on first start and kept in the data directory, protected by the configured passphrase
 * when there is one. Loaded at startup so a wrong passphrase stops the server instead of the first
 * publish.
 */
@Startup
@ApplicationScoped
public class ServerKeys {

  private static final Logger LOG = Logger.getLogger(ServerKeys.class);

  /** The start of the warning logged while an unprotected generated key signs. */
  public static final String UNPROTECTED_WARNING = "Signing with the unprotected development key";

  /** A public key as served to operators who pin it. */
  public record PublicKey(String fingerprint, String armoredPublicKey) {}

  @Inject SigningConfig config;
  @Inject Clock clock;

  private List<SigningKey> keys;
  private Optional<Path> unprotectedKey = Optional.empty();
  private boolean generated;

  @PostConstruct
  void load() {
    char[] passphrase = passphrase();
    generated = config.keyFile().filter(files -> !files.isEmpty()).isEmpty();
    keys =
        config
            .keyFile()
            .filter(files -> !files.isEmpty())
            .map(files -> files.stream().map(file -> read(file, passphrase)).toList())
            .orElseGet(() -> List.of(loadOrGenerate(config.generatedKeyFile(), passphrase)));
    LOG.infof(
        "Signing with %d key(s): %s",
        keys.size(), keys.stream().map(SigningKey::fingerprint).toList());
    unprotectedKey.ifPresent(
        file ->
            LOG.warnf(
                "%s %s: whoever can read the data directory or a backup of it can sign updates"
                    + " that every agent trusts. Protect it with OPENUPDATE_SIGNING_PASSPHRASE or"
                    + " OPENUPDATE_SIGNING_PASSPHRASE_FILE, or sign with a key kept elsewhere"
                    + " (update-server README, Production)",
                UNPROTECTED_WARNING, file));
  }

  /** ASCII-armored detached signature over the exact bytes, one signature packet per active key. */
  public byte[] sign(byte[] data) {
    return DetachedSigner.sign(data, keys, clock.instant());
  }

  /** The active keys, for the development trust root that names their public halves. */
  public List<SigningKey> signingKeys() {
    return keys;
  }

  public List<String> fingerprints() {
    return keys.stream().map(k -> k.fingerprint().hex()).toList();
  }

  /**
   * True while the server signs with the key it generated for the embedded default: its secret lies
   * in the data directory, protected by the passphrase when one is configured ({@link
   * #unprotectedKey()} tells which); fine for a trial, not the best for a fleet.
   */
  public boolean generatedKeyInUse() {
    return generated;
  }

  public List<PublicKey> publicKeys() {
    return keys.stream()
        .map(k -> new PublicKey(k.fingerprint().hex(), k.armoredPublicKey()))
        .toList();
  }

  /** The generated key file when it signs without a passphrase (the embedded default). */
  public Optional<Path> unprotectedKey() {
    return unprotectedKey;
  }

  private char[] passphrase() {
    if (config.passphrase().isPresent() && config.passphraseFile().isPresent()) {
      throw new IllegalStateException(
          "set openupdate.signing.passphrase or openupdate.signing.passphrase-file, not both");
    }
    return config
        .passphraseFile()
        .map(ServerKeys::readPassphrase)
        .or(config::passphrase)
        .map(String::toCharArray)
        .orElse(new char[0]);
  }

  private static String readPassphrase(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      // A secret file usually ends with a line break that is not part of the passphrase.
      if (text.endsWith("\n")) {
        text = text.substring(0, text.length() - 1);
      }
      return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read signing passphrase file " + file, e);
    }
  }

  private static SigningKey read(Path file, char[] passphrase) {
    try {
      return PgpKeys.readSigningKey(Files.readAllBytes(file), passphrase);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read signing key file " + file, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("signing key file " + file + ": " + e.getMessage(), e);
    }
  }

  private SigningKey loadOrGenerate(Path file, char[] passphrase) {
    if (!Files.exists(file)) {
      generate(file, passphrase);
    } else if (passphrase.length > 0 && !isProtected(file)) {
      protect(file, passphrase);
    }
    if (passphrase.length == 0) {
      unprotectedKey = Optional.of(file);
    }
    return read(file, passphrase);
  }

  private static boolean isProtected(Path file) {
    try {
      return PgpKeys.isProtected(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read signing key file " + file, e);
    }
  }

  /** A passphrase given after the key was generated unprotected: the key file is rewritten. */
  private static void protect(Path file, char[] passphrase) {
    try {
      write(file, PgpKeys.protect(Files.readAllBytes(file), passphrase));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot protect signing key file " + file, e);
    }
    LOG.infof("Protected the generated signing key %s with the configured passphrase", file);
  }

  private static void generate(Path file, char[] passphrase) {
    GeneratedKey key =
        PgpKeys.generateEd25519("OpenUpdate server <openupdate@localhost>", passphrase);
    try {
      write(file, key.armoredSecretKey());
      Path publicFile = file.resolveSibling(file.getFileName() + ".pub");
      Files.writeString(publicFile, key.armoredPublicKey(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write generated signing key " + file, e);
    }
    LOG.infof(
        "Generated signing key %s in %s (embedded default; configure openupdate.signing.key-file in production)",
        key.fingerprint(), file);
  }

  /** Replaces the file at once, readable by the server's user only. */
  private static void write(Path file, String armoredSecretKey) throws IOException {
    Path directory = file.toAbsolutePath().getParent();
    Files.createDirectories(directory);
    Path temp = Files.createTempFile(directory, "key-", ".tmp");
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
    }
    Files.writeString(temp, armoredSecretKey, StandardCharsets.US_ASCII);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
