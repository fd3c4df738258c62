package org.openupdate.server.problem;

import java.net.URI;

/**
 * Every kind of error the server reports. The type URI is stable so that callers can branch on it;
 * the HTTP status belongs to the type, not to the code that raises it.
 */
public enum ProblemType {
  MALFORMED_REQUEST(400, "malformed-request", "The request could not be read"),
  VALIDATION_FAILED(400, "validation-failed", "The request is not valid"),
  UNAUTHORIZED(401, "unauthorized", "A valid API token is required"),
  CERTIFICATE_REQUIRED(401, "certificate-required", "A client certificate is required"),
  FORBIDDEN(403, "forbidden", "Not allowed"),
  NOT_FOUND(404, "not-found", "Not found"),
  METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
  NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
  CONFLICT(409, "conflict", "Conflicts with the current state"),
  PRECONDITION_FAILED(412, "precondition-failed", "A precondition of the request does not hold"),
  PAYLOAD_TOO_LARGE(413, "payload-too-large", "The request body is too large"),
  URI_TOO_LONG(414, "uri-too-long", "The request URI is too long"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
  RANGE_NOT_SATISFIABLE(416, "range-not-satisfiable", "The requested range cannot be served"),
  UNPROCESSABLE(422, "unprocessable", "The request cannot be carried out"),
  TOO_MANY_REQUESTS(429, "too-many-requests", "Too many requests"),
  HEADERS_TOO_LARGE(431, "headers-too-large", "The request headers are too large"),
  INTERNAL(500, "internal", "Internal server error"),
  UNAVAILABLE(503, "unavailable", "Service unavailable");

  private static final String BASE = "https://openupdate.org/problems/";

  private final int status;
  private final String slug;
  private final String title;

  ProblemType(int status, String slug, String title) {
    this.status = status;
    this.slug = slug;
    this.title = title;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public URI uri() {
    return URI.create(BASE + slug);
  }

  /**
   * The type for a bare HTTP status, used when the framework rejects a request before our code
   * runs.
   */
  public static ProblemType forStatus(int status) {
    for (ProblemType type : values()) {
      if (type.status == status) {
        return type;
      }
    }
    return status >= 500 ? INTERNAL : MALFORMED_REQUEST;
  }
}
