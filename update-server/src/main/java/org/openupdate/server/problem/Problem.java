package org.openupdate.server.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;

/** RFC 9457 problem details; {@code errors} lists each offending field by JSON pointer or name. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
    URI type, String title, int status, String detail, String instance, List<FieldError> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** One bad input: where it is ({@code /components/backend/sha256}, {@code X-Channel}) and why. */
  public record FieldError(String field, String message) {}
}
