package org.openupdate.server.console;

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
