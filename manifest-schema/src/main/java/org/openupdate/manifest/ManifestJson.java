package org.openupdate.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON mapping both sides use for the contract's records. Unknown fields are tolerated here so
 * an older client can read a newer server's answer; strictness lives in the schemas.
 *
 * <p>A key that appears twice in one object is refused, by every reader made here (the schema
 * validator's too): {@code "version":"2.7.0"} then {@code "version":"7.7.7"} would otherwise mean
 * 7.7.7 to Jackson and 2.7.0 to a first-key-wins reader, so one signed manifest would have two
 * meanings.
 */
public final class ManifestJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper(
              JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

  private ManifestJson() {}

  /** A copy of the configured mapper, safe to reconfigure. */
  public static ObjectMapper mapper() {
    return MAPPER.copy();
  }

  /**
   * Reads a contract document.
   *
   * @throws IllegalArgumentException when the bytes are not valid JSON for {@code type}
   */
  public static <T> T read(byte[] json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "not a valid " + type.getSimpleName() + " document: " + reason(e), e);
    }
  }

  private static String reason(IOException e) {
    return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
  }

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
