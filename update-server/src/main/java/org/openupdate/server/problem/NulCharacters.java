package org.openupdate.server.problem;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * No string the server reads may hold a NUL character (JSON's backslash-u0000): PostgreSQL cannot
 * store it in text, and a NUL in a name, a customer or a report's error message is nobody's
 * intention. Refused where JSON is read: request bodies through the shared ObjectMapper ({@link
 * #module()}), signed and schema-checked documents (status reports, manifests) by {@link
 * #refuseIn(byte[])}.
 */
public final class NulCharacters {

  static final String MESSAGE = "must not contain the NUL character (\\u0000)";

  private static final JsonFactory JSON = new JsonFactory();

  private NulCharacters() {}

  /** Strings (also in lists and maps) holding a NUL refused, naming their place in the body. */
  static SimpleModule module() {
    return new SimpleModule("no-nul-strings").addDeserializer(String.class, new Strings());
  }

  /** Whether {@code value} is a string a NUL made the mapper refuse. */
  static boolean refused(Object value) {
    return value instanceof String text && text.indexOf('\0') >= 0;
  }

  /**
   * Refuses a JSON document (already known to be well-formed) that holds a NUL in a string.
   *
   * @throws ProblemException 400 naming the string's JSON pointer
   */
  public static void refuseIn(byte[] json) {
    // JSON can only spell a NUL as the escape backslash-u0000 (a raw control character is not
    // valid JSON): without those bytes there is nothing to find, and the status ingest, which
    // calls this for every report, skips a second parse.
    if (!mentionsNulEscape(json)) {
      return;
    }
    try (JsonParser parser = JSON.createParser(json)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if ((token == JsonToken.VALUE_STRING || token == JsonToken.FIELD_NAME)
            && refused(parser.getText())) {
          String field = parser.getParsingContext().pathAsPointer().toString();
          throw new ProblemException(
              ProblemType.VALIDATION_FAILED,
              field + ": " + MESSAGE,
              List.of(new Problem.FieldError(field, MESSAGE)));
        }
      }
    } catch (IOException e) {
      // Schema validation read it already; a parser that disagrees is a defect of ours.
      throw new UncheckedIOException(e);
    }
  }

  private static boolean mentionsNulEscape(byte[] json) {
    for (int i = 0; i + 5 < json.length; i++) {
      if (json[i] == '\\'
          && json[i + 1] == 'u'
          && json[i + 2] == '0'
          && json[i + 3] == '0'
          && json[i + 4] == '0'
          && json[i + 5] == '0') {
        return true;
      }
    }
    return false;
  }

  /** The standard string deserializer, and then the NUL test. */
  private static final class Strings extends StringDeserializer {
    @Override
    public String deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      String value = super.deserialize(parser, context);
      if (refused(value)) {
        throw InvalidFormatException.from(parser, MESSAGE, value, String.class);
      }
      return value;
    }
  }
}
