package org.openupdate.server.problem;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Request bodies with a key twice (<code>{"channel":"beta","channel":"stable"}</code>) are refused
 * as malformed JSON, as manifests are (manifest-schema's {@code ManifestJson}): one document, one
 * meaning, whichever reader looks at it. No string may hold a NUL character ({@link
 * NulCharacters}).
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

  @Override
  public void customize(ObjectMapper mapper) {
    mapper.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
    mapper.registerModule(NulCharacters.module());
  }
}
