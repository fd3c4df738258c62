package org.openupdate.server.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Thrown by services for a caller's mistake or a refused operation; mapped to problem+json. */
public class ProblemException extends RuntimeException {

  private final ProblemType type;
  private final List<Problem.FieldError> errors;
  private final Map<String, String> headers = new LinkedHashMap<>();

  public ProblemException(ProblemType type, String detail) {
    this(type, detail, List.of());
  }

  public ProblemException(ProblemType type, String detail, List<Problem.FieldError> errors) {
    super(detail, null, false, false);
    this.type = type;
    this.errors = List.copyOf(errors);
  }

  /** A single bad field, the common case. */
  public static ProblemException invalidField(String field, String message) {
    return new ProblemException(
        ProblemType.VALIDATION_FAILED,
        field + ": " + message,
        List.of(new Problem.FieldError(field, message)));
  }

  /** Adds a response header the answer needs, e.g. {@code Content-Range} on a 416. */
  public ProblemException withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public Map<String, String> headers() {
    return Map.copyOf(headers);
  }

  public ProblemType type() {
    return type;
  }

  public List<Problem.FieldError> errors() {
    return errors;
  }
}
