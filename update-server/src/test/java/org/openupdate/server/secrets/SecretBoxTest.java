package org.openupdate.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {

  private static final String SECRET = "receiver-secret-0123456789";

  @TempDir Path dir;

  private SecretBox box(Optional<String> key) {
    SecretBox box = new SecretBox();
    box.config =
        new SecretsConfig() {
          @Override
          public Optional<String> key() {
            return key;
          }

          @Override
          public Path keyFile() {
            return dir.resolve("secrets.key");
          }
        };
    box.load();
    return box;
  }

  private static Optional<String> randomKey() {
    byte[] key = new byte[SecretBox.KEY_BYTES];
    new java.security.SecureRandom().nextBytes(key);
    return Optional.of(Base64.getEncoder().encodeToString(key));
  }

  @Test
  void shouldOpenWhatItSealedAndNeverStoreTheSecretItself() {
    SecretBox box = box(randomKey());
    String sealed = box.seal("webhook-secret", SECRET);
    assertThat(sealed).doesNotContain(SECRET);
    assertThat(box.open("webhook-secret", sealed)).isEqualTo(SECRET);
    assertThat(box.seal("webhook-secret", SECRET)).isNotEqualTo(sealed);
  }

  @Test
  void shouldNotOpenAValueSealedForAnotherPurpose() {
    SecretBox box = box(randomKey());
    String sealed = box.seal("webhook-secret", SECRET);
    assertThatThrownBy(() -> box.open("another-purpose", sealed))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldNotOpenAValueSealedWithAnotherKeyOrChanged() {
    String sealed = box(randomKey()).seal("webhook-secret", SECRET);
    assertThatThrownBy(() -> box(randomKey()).open("webhook-secret", sealed))
        .hasMessageContaining("sealed with another key");
    Optional<String> key = randomKey();
    byte[] bytes = Base64.getDecoder().decode(box(key).seal("webhook-secret", SECRET));
    bytes[bytes.length - 1] ^= 1;
    String changed = Base64.getEncoder().encodeToString(bytes);
    assertThatThrownBy(() -> box(key).open("webhook-secret", changed))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldGenerateAKeyFileReadableByTheServerOnlyOnceAndKeepUsingIt() throws IOException {
    String sealed = box(Optional.empty()).seal("webhook-secret", SECRET);
    Path file = dir.resolve("secrets.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(box(Optional.empty()).open("webhook-secret", sealed)).isEqualTo(SECRET);
  }

  @Test
  void shouldRefuseAConfiguredKeyOfAnotherLength() {
    assertThatThrownBy(() -> box(Optional.of(Base64.getEncoder().encodeToString(new byte[16]))))
        .hasMessageContaining("must hold 32 bytes")
        .hasMessageContaining("was 16");
  }
}
