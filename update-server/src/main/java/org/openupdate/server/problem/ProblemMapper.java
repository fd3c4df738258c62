package org.openupdate.server.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
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
            .map(
                v ->
                    new Problem.FieldError(
                        leafName(v.getPropertyPath().toString()), v.getMessage()))
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
    String where =
        e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()
            ? " at " + pointer(mismatch)
            : "";
    String location =
        e.getLocation() == null
            ? ""
            : " (line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr()
                + ")";
    return respond(
        ProblemType.MALFORMED_REQUEST,
        "malformed JSON" + where + location + ": " + e.getOriginalMessage(),
        List.of());
  }

  @ServerExceptionMapper
  public Response framework(WebApplicationException e) {
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

  private static String pointer(MismatchedInputException e) {
    StringBuilder sb = new StringBuilder();
    for (var ref : e.getPath()) {
      sb.append('/').append(ref.getFieldName() != null ? ref.getFieldName() : ref.getIndex());
    }
    return sb.toString();
  }

  private static String leafName(String propertyPath) {
    int dot = propertyPath.lastIndexOf('.');
    return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
  }
}
