package org.openupdate.server.firststart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.openupdate.server.firststart.FirstStartIT.DEV_KEY_WARNING;
import static org.openupdate.server.firststart.FirstStartIT.warnings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.manifest.pgp.PgpKeys;

/**
 * What lies in the data directory of the packaged server: only its user can read it, and the
 * generated signing key is protected when a passphrase is given.
 */
class SecretsAtRestIT {

  private static final String PASSPHRASE = "a passphrase from a mounted secret";

  @TempDir Path workingDirectory;

  @BeforeEach
  void embeddedDefaultOnly() {
    assumeTrue(
        "h2".equals(System.getProperty("quarkus.datasource.db-kind", "h2")),
        "the data directory of the embedded default (H2); this build is for another database");
  }

  private Path generatedKey() {
    return workingDirectory.resolve("data/signing/server-ed25519.sec.asc");
  }

  @Test
  void shouldCreateTheDataDirectoryForTheServersUserOnlyAndWarnOfTheUnprotectedKey()
      throws Exception {
    try (ServerProcess server = ServerProcess.start(workingDirectory, Map.of())) {
      assertThat(server.exited()).as(server.log()).isFalse();
      assertThat(server.get("/q/health/ready", null).body())
          .contains(DEV_KEY_WARNING.toLowerCase());
    }
    Path data = workingDirectory.resolve("data");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
        .isEqualTo("rwx------");
    assertThat(PgpKeys.isProtected(Files.readAllBytes(generatedKey()))).isFalse();
  }

  @Test
  void shouldProtectTheGeneratedKeyWithAPassphraseFromAFile() throws Exception {
    Path passphraseFile = workingDirectory.resolve("passphrase.txt");
    Files.writeString(passphraseFile, PASSPHRASE + "\n");
    try (ServerProcess server =
        ServerProcess.start(
            workingDirectory,
            Map.of("OPENUPDATE_SIGNING_PASSPHRASE_FILE", passphraseFile.toString()))) {
      assertThat(server.exited()).as(server.log()).isFalse();
      assertThat(warnings(server)).noneMatch(line -> line.contains(DEV_KEY_WARNING));
      assertThat(server.get("/q/health/ready", null).body()).doesNotContain("warning");
    }
    byte[] key = Files.readAllBytes(generatedKey());
    assertThat(PgpKeys.isProtected(key)).isTrue();
    assertThat(PgpKeys.readSigningKey(key, PASSPHRASE.toCharArray())).isNotNull();
  }

  @Test
  void shouldProtectAKeyGeneratedUnprotectedOnceAPassphraseIsGiven() throws Exception {
    String keys;
    try (ServerProcess first = ServerProcess.start(workingDirectory, Map.of())) {
      assertThat(first.exited()).as(first.log()).isFalse();
      keys = first.get("/api/v1/keys", null).body();
    }
    try (ServerProcess second =
        ServerProcess.start(
            workingDirectory, Map.of("OPENUPDATE_SIGNING_PASSPHRASE", PASSPHRASE))) {
      assertThat(second.exited()).as(second.log()).isFalse();
      assertThat(second.log()).contains("Protected the generated signing key");
      assertThat(warnings(second)).isEmpty();
      assertThat(second.get("/api/v1/keys", null).body()).as("the same key").isEqualTo(keys);
    }
    assertThat(PgpKeys.isProtected(Files.readAllBytes(generatedKey()))).isTrue();
  }
}
