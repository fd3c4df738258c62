package org.openupdate.server.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where exceptions become HTTP answers. Callers get a stable problem type and a
 * message naming their bad input; never a class name or a stack trace.
 */
public class ProblemMapper {

  private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

  @Context UriInfo uriInfo;
  @Inject Instance<ProblemPages> pages;

  @ServerExceptionMapper
  public Response problem(ProblemException e) {
    Response.ResponseBuilder response = builder(e.type(), e.getMessage(), e.errors());
    e.headers().forEach(response::header);
    return response.build();
  }

  @ServerExceptionMapper
  public Response invalidBean(ConstraintViolationException e) {
    List<Problem.FieldError> errors =
        e.getConstraintViolations().stream()
            .map(v -> new Problem.FieldError(fieldName(v.getPropertyPath()), v.getMessage()))
            .sorted(Comparator.comparing(Problem.FieldError::field))
            .toList();
    String detail =
        errors.stream()
            .map(f -> f.field() + ": " + f.message())
            .reduce((a, b) -> a + "; " + b)
            .orElse("");
    return respond(ProblemType.VALIDATION_FAILED, detail, errors);
  }

  @ServerExceptionMapper
  public Response unreadableJson(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      String field = fieldName(unknown);
      String message = "is not a field here; expected one of " + knownFields(unknown);
      return respond(
          ProblemType.VALIDATION_FAILED,
          field + ": " + message,
          List.of(new Problem.FieldError(field, message)));
    }
    if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      String field = fieldName(mismatch);
      String message =
          mismatch instanceof InvalidFormatException format
                  && NulCharacters.refused(format.getValue())
              ? NulCharacters.MESSAGE
              : "must be " + JsonTypes.describe(mismatch.getTargetType());
      return respond(
          ProblemType.VALIDATION_FAILED,
          field + ": " + message,
          List.of(new Problem.FieldError(field, message)));
    }
    String location =
        e.getLocation() == null
            ? ""
            : " (line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr()
                + ")";
    return respond(
        ProblemType.MALFORMED_REQUEST, "malformed JSON" + location + ": " + reason(e), List.of());
  }

  /**
   * Only types marked {@link RefuseUnknownFields} refuse an unknown field (see {@link StrictJson}).
   */
  private static String knownFields(UnrecognizedPropertyException e) {
    return e.getKnownPropertyIds() == null
        ? "the documented fields"
        : e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList().toString();
  }

  /**
   * Jackson's parser speaks of the text (a duplicate key, a missing quote, nesting too deep); its
   * mapper speaks of Java types, which callers must not see, so they get the expected shape.
   */
  private static String reason(JsonProcessingException e) {
    if (e instanceof MismatchedInputException mismatch) {
      return "the body must be " + JsonTypes.describe(mismatch.getTargetType());
    }
    if (e instanceof ValueInstantiationException && e.getCause() != null) {
      return e.getCause().getMessage();
    }
    if (e.getCause() instanceof JsonProcessingException parsing
        && !(parsing instanceof JsonMappingException)) {
      return parsing.getOriginalMessage();
    }
    return e instanceof JsonMappingException
        ? "the body does not have the expected shape"
        : e.getOriginalMessage();
  }

  /**
   * Declared on its own because the JSON extension's mapper for this exact type would otherwise win
   * over {@link #unreadableJson} and answer with an empty body.
   */
  @ServerExceptionMapper
  public Response mismatchedJson(MismatchedInputException e) {
    return unreadableJson(e);
  }

  /** A record Jackson cannot build is a defect of ours, not a bad request. */
  @ServerExceptionMapper
  public Response undeserializable(InvalidDefinitionException e) {
    return unexpected(e);
  }

  /**
   * No resource throws a checked {@link IOException} (storage wraps its own in {@link
   * java.io.UncheckedIOException}), so one here came from reading the request body: the client
   * closed the connection or broke its framing (a bad chunk) on the way. Nobody may read this
   * answer, and it is no error of the server's.
   */
  @ServerExceptionMapper
  public Response unreadableBody(IOException e) {
    LOG.debugf("request body not read: %s", e.getMessage());
    return respond(ProblemType.MALFORMED_REQUEST, "the request body could not be read", List.of());
  }

  @ServerExceptionMapper
  public Response framework(WebApplicationException e) {
    // JAX-RS wraps what a parameter converter or the JSON reader threw; the cause says more.
    if (e.getCause() instanceof ProblemException problem) {
      return problem(problem);
    }
    if (e.getCause() instanceof JsonProcessingException json) {
      return unreadableJson(json);
    }
    int status = e.getResponse().getStatus();
    ProblemType type = ProblemType.forStatus(status);
    String detail = status >= 500 ? type.title() : e.getMessage();
    return respond(type, detail, List.of());
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e) {
    // Our fault, not the caller's: log it in full here, tell the caller nothing about internals.
    LOG.error("unexpected error", e);
    return respond(ProblemType.INTERNAL, "internal error; see the server log", List.of());
  }

  private Response respond(ProblemType type, String detail, List<Problem.FieldError> errors) {
    return builder(type, detail, errors).build();
  }

  private Response.ResponseBuilder builder(
      ProblemType type, String detail, List<Problem.FieldError> errors) {
    String instance = uriInfo == null ? null : uriInfo.getPath();
    Problem body = new Problem(type.uri(), type.title(), type.status(), detail, instance, errors);
    if (instance != null && pages.isResolvable()) {
      Optional<Response> page = pages.get().render(instance, body);
      if (page.isPresent()) {
        return Response.fromResponse(page.get());
      }
    }
    return Response.status(type.status()).type(Problem.MEDIA_TYPE).entity(body);
  }

  /** Named as {@link #fieldName(Path)} names them: bare at the top, a JSON pointer below. */
  private static String fieldName(MismatchedInputException e) {
    List<String> parts =
        e.getPath().stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
            .toList();
    return parts.size() == 1 ? parts.get(0) : "/" + String.join("/", parts);
  }

  /**
   * A top-level field by its name ({@code customer}), as before; a list element or nested field by
   * its JSON pointer in the body ({@code /allowedChannels/0}). Method and parameter names of the
   * resource are left out, except for a query or path parameter, which is its own name.
   */
  private static String fieldName(Path path) {
    List<String> parts = new ArrayList<>();
    String parameter = "";
    for (Path.Node node : path) {
      switch (node.getKind()) {
        case PARAMETER -> parameter = node.getName();
        case PROPERTY, CONTAINER_ELEMENT -> {
          if (node.getKind() == ElementKind.PROPERTY) {
            parts.add(node.getName());
          }
          if (node.getIndex() != null) {
            parts.add(node.getIndex().toString());
          } else if (node.getKey() != null) {
            parts.add(node.getKey().toString());
          }
        }
        default -> {}
      }
    }
    if (parts.isEmpty()) {
      return parameter;
    }
    return parts.size() == 1 ? parts.get(0) : "/" + String.join("/", parts);
  }
}
