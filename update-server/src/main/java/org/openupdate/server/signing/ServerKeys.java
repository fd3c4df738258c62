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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import org.jboss.logging.Logger;
import org.openupdate.manifest.pgp.DetachedSigner;
import org.openupdate.manifest.pgp.GeneratedKey;
import org.openupdate.manifest.pgp.PgpKeys;
import org.openupdate.manifest.pgp.SigningKey;

/**
 * The server's active signing keys: the configured key file(s) in production, otherwise a key
 * generated on first start and kept in the data directory. Loaded at startup so a wrong passphrase
 * stops the server instead of the first publish.
 */
@Startup
@ApplicationScoped
public class ServerKeys {

  private static final Logger LOG = Logger.getLogger(ServerKeys.class);

  /** A public key as served to operators who pin it. */
  public record PublicKey(String fingerprint, String armoredPublicKey) {}

  @Inject SigningConfig config;
  @Inject Clock clock;

  private List<SigningKey> keys;
  private boolean generated;

  @PostConstruct
  void load() {
    generated = config.keyFile().filter(files -> !files.isEmpty()).isEmpty();
    keys =
        generated
            ? List.of(loadOrGenerate(config.generatedKeyFile()))
            : loadConfigured(config.keyFile().get());
    LOG.infof(
        "Signing with %d key(s): %s",
        keys.size(), keys.stream().map(SigningKey::fingerprint).toList());
  }

  /** ASCII-armored detached signature over the exact bytes, one signature packet per active key. */
  public byte[] sign(byte[] data) {
    return DetachedSigner.sign(data, keys, clock.instant());
  }

  public List<String> fingerprints() {
    return keys.stream().map(k -> k.fingerprint().hex()).toList();
  }

  /**
   * True while the server signs with the key it generated for the embedded default: its secret lies
   * unprotected in the data directory, fine for a trial, not for a fleet.
   */
  public boolean generatedKeyInUse() {
    return generated;
  }

  public List<PublicKey> publicKeys() {
    return keys.stream()
        .map(k -> new PublicKey(k.fingerprint().hex(), k.armoredPublicKey()))
        .toList();
  }

  private List<SigningKey> loadConfigured(List<Path> files) {
    char[] passphrase = config.passphrase().map(String::toCharArray).orElse(new char[0]);
    return files.stream().map(file -> read(file, passphrase)).toList();
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

  private static SigningKey loadOrGenerate(Path file) {
    if (!Files.exists(file)) {
      generate(file);
    }
    return read(file, new char[0]);
  }

  private static void generate(Path file) {
    GeneratedKey key =
        PgpKeys.generateEd25519("OpenUpdate server <openupdate@localhost>", new char[0]);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "key-", ".tmp");
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        // The unprotected secret key must be readable by the server's user only.
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      }
      Files.writeString(temp, key.armoredSecretKey(), StandardCharsets.US_ASCII);
      Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      Path publicFile = file.resolveSibling(file.getFileName() + ".pub");
      Files.writeString(publicFile, key.armoredPublicKey(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write generated signing key " + file, e);
    }
    LOG.infof(
        "Generated signing key %s in %s (embedded default; configure openupdate.signing.key-file in production)",
        key.fingerprint(), file);
  }
}
