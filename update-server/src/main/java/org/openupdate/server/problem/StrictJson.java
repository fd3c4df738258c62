package org.openupdate.server.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Request bodies with a key twice (<code>{"channel":"beta","channel":"stable"}</code>) are refused
 * as malformed JSON, as manifests are (manifest-schema's {@code ManifestJson}): one document, one
 * meaning, whichever reader looks at it. Types marked {@link RefuseUnknownFields} also refuse a
 * field they do not have; other bodies ignore unknown fields (Quarkus' default), so that older
 * servers accept what newer agents send. No string may hold a NUL character ({@link
 * NulCharacters}).
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

  @Override
  public void customize(ObjectMapper mapper) {
    mapper.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
    mapper.addHandler(new UnknownFieldRefusal());
    mapper.registerModule(NulCharacters.module());
  }

  private static final class UnknownFieldRefusal extends DeserializationProblemHandler {

    @Override
    public boolean handleUnknownProperty(
        DeserializationContext context,
        JsonParser parser,
        JsonDeserializer<?> deserializer,
        Object beanOrClass,
        String propertyName)
        throws IOException {
      Class<?> type = beanOrClass instanceof Class<?> c ? c : beanOrClass.getClass();
      if (type.isAnnotationPresent(RefuseUnknownFields.class)) {
        throw UnrecognizedPropertyException.from(
            parser, beanOrClass, propertyName, deserializer.getKnownPropertyNames());
      }
      return false;
    }
  }
}
