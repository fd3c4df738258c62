package org.openupdate.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Signed bytes mean one thing to every reader of the contract. */
class OneMeaningTest {

  /** The sample manifest with a second "version" after the first, as an attacker would add it. */
  private static byte[] manifestWithTwoVersions() throws IOException {
    try (InputStream in = OneMeaningTest.class.getResourceAsStream("/openpgp/manifest.json")) {
      String manifest = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return manifest
          .replaceFirst(
              "\"version\": \"2.4.1\",", "\"version\": \"2.4.1\", \"version\": \"7.7.7\",")
          .getBytes(StandardCharsets.UTF_8);
    }
  }

  @Test
  void shouldRefuseAManifestWithADuplicateKeyInTheSchemaValidation() throws IOException {
    assertThat(
            SchemaValidator.instance()
                .validate(SchemaType.RELEASE_MANIFEST, manifestWithTwoVersions()))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("Duplicate field 'version'"));
  }

  @Test
  void shouldRefuseToReadAManifestWithADuplicateKey() throws IOException {
    byte[] manifest = manifestWithTwoVersions();
    assertThatThrownBy(() -> ManifestJson.read(manifest, ReleaseManifest.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Duplicate field 'version'");
  }

  @Test
  void shouldRefuseADuplicateKeyThroughTheSharedMapperToo() {
    assertThatThrownBy(() -> ManifestJson.mapper().readTree("{\"a\":{\"b\":1,\"b\":2}}"))
        .hasMessageContaining("Duplicate field 'b'");
  }
}
