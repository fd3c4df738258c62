package org.openupdate.server.console;

import jakarta.validation.ConstraintViolationException;
import java.util.List;
import org.openupdate.server.problem.Problem;
import org.openupdate.server.problem.ProblemException;

/**
 * Why a form was refused, as the service said it: its message and each bad field (a JSON pointer
 * into the manifest, or the form field's name).
 */
public record FormErrors(String message, List<Problem.FieldError> fields) {

  public static final FormErrors NONE = new FormErrors(null, List.of());

  public static FormErrors of(ProblemException e) {
    return new FormErrors(e.getMessage(), e.errors());
  }

  public static FormErrors of(ConstraintViolationException e) {
    List<Problem.FieldError> fields =
        e.getConstraintViolations().stream()
            .map(v -> new Problem.FieldError(leaf(v.getPropertyPath().toString()), v.getMessage()))
            .toList();
    return new FormErrors(
        String.join("; ", fields.stream().map(f -> f.field() + ": " + f.message()).toList()),
        fields);
  }

  private static String leaf(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? path : path.substring(dot + 1);
  }

  public boolean any() {
    return message != null;
  }

  /** The messages for one field, for showing beside it. */
  public List<String> about(String field) {
    return fields.stream()
        .filter(f -> f.field().equals(field) || f.field().startsWith(field + "/"))
        .map(f -> f.field() + ": " + f.message())
        .toList();
  }
}
