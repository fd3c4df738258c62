package org.openupdate.manifest.pgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyProtectionTest {

  private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

  @Test
  void shouldProtectAnUnprotectedKeyWithoutChangingIt() {
    GeneratedKey key = PgpKeys.generateEd25519("Test <test@example.org>", new char[0]);
    byte[] unprotected = key.armoredSecretKey().getBytes(StandardCharsets.US_ASCII);
    assertThat(PgpKeys.isProtected(unprotected)).isFalse();

    byte[] protectedKey =
        PgpKeys.protect(unprotected, PASSPHRASE).getBytes(StandardCharsets.US_ASCII);

    assertThat(PgpKeys.isProtected(protectedKey)).isTrue();
    assertThat(PgpKeys.readSigningKey(protectedKey, PASSPHRASE).fingerprint())
        .isEqualTo(key.fingerprint());
    assertThatThrownBy(() -> PgpKeys.readSigningKey(protectedKey, new char[0]))
        .hasMessageContaining("wrong or missing passphrase");
  }

  @Test
  void shouldSeeAGeneratedKeyWithAPassphraseAsProtected() {
    GeneratedKey key = PgpKeys.generateEd25519("Test <test@example.org>", PASSPHRASE);
    assertThat(PgpKeys.isProtected(key.armoredSecretKey().getBytes(StandardCharsets.US_ASCII)))
        .isTrue();
  }
}
