package org.openupdate.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Validates contract documents against their JSON Schemas and reports every violation with its JSON
 * pointer.
 *
 * <p>A value that breaks a {@code pattern} is described by the {@code title} and {@code
 * description} beside that pattern, never by the regular expression, which tells a person little:
 * {@code '2.1' is not a semantic version: expected MAJOR.MINOR.PATCH[-PRE][+BUILD]}. Every
 * patterned field of the schemas has both.
 *
 * <pre>{@code
 * List<SchemaViolation> errors =
 *     SchemaValidator.instance().validate(SchemaType.RELEASE_MANIFEST, manifestBytes);
 * }</pre>
 */
public final class SchemaValidator {

  private static final SchemaValidator INSTANCE = new SchemaValidator();

  private static final java.util.Set<String> PROPERTY_KEYWORDS =
      java.util.Set.of("required", "additionalProperties", "unevaluatedProperties");

  /** Longest part of a bad value quoted in a message. */
  private static final int QUOTED_VALUE = 64;

  // Decimals kept exact: a number beyond a double (1e99999) is then judged by the schema like any
  // other, instead of becoming Infinity, which the validator cannot compare.
  private final ObjectMapper mapper =
      ManifestJson.mapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private final Map<SchemaType, JsonSchema> schemas = new EnumMap<>(SchemaType.class);
  private final Map<SchemaType, JsonNode> documents = new EnumMap<>(SchemaType.class);

  private SchemaValidator() {
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .formatAssertionsEnabled(true)
            .build();
    for (SchemaType type : SchemaType.values()) {
      try (InputStream in = SchemaValidator.class.getResourceAsStream(type.resource())) {
        if (in == null) {
          throw new IllegalStateException("schema missing from the classpath: " + type.resource());
        }
        JsonNode document = mapper.readTree(in);
        documents.put(type, document);
        schemas.put(type, factory.getSchema(document, config));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  public static SchemaValidator instance() {
    return INSTANCE;
  }

  /** Every violation of {@code json} against the schema of {@code type}; empty when valid. */
  public List<SchemaViolation> validate(SchemaType type, byte[] json) {
    JsonNode node;
    try {
      node = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      return List.of(new SchemaViolation("", "malformed JSON: " + e.getOriginalMessage()));
    } catch (IOException e) {
      return List.of(new SchemaViolation("", "unreadable JSON: " + e.getMessage()));
    }
    if (node == null || node.isMissingNode()) {
      return List.of(new SchemaViolation("", "empty document"));
    }
    return validate(type, node);
  }

  /** Every violation of an already parsed document. */
  public List<SchemaViolation> validate(SchemaType type, JsonNode node) {
    return schemas.get(type).validate(node).stream()
        .map(m -> toViolation(documents.get(type), m))
        .sorted(Comparator.comparing(SchemaViolation::pointer))
        .toList();
  }

  private static SchemaViolation toViolation(JsonNode schema, ValidationMessage m) {
    String pointer = m.getInstanceLocation().toString();
    // A missing or unexpected property is reported on its parent; point at the property instead.
    if (PROPERTY_KEYWORDS.contains(m.getType()) && m.getProperty() != null) {
      pointer = pointer + "/" + m.getProperty();
    }
    return new SchemaViolation(pointer, message(schema, m));
  }

  private static String message(JsonNode schema, ValidationMessage m) {
    if (!"pattern".equals(m.getType())) {
      return m.getMessage();
    }
    // The schema location points at the "pattern" keyword; its parent holds title and description.
    String keyword = m.getSchemaLocation().getFragment().toString();
    JsonNode field = schema.at(keyword.substring(0, keyword.lastIndexOf('/')));
    if (!field.path("title").isTextual() || !field.path("description").isTextual()) {
      return m.getMessage();
    }
    return "'"
        + quoted(m.getInstanceNode())
        + "' is not a "
        + field.get("title").asText()
        + ": expected "
        + field.get("description").asText();
  }

  private static String quoted(JsonNode value) {
    String text = value.isTextual() ? value.asText() : value.toString();
    return text.length() <= QUOTED_VALUE ? text : text.substring(0, QUOTED_VALUE - 3) + "...";
  }
}
