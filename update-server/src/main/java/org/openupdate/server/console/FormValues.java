package org.openupdate.server.console;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import org.openupdate.server.problem.ProblemException;

/** Form fields as people type them, read into what the services take. */
public final class FormValues {

  private FormValues() {}

  public static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }

  /** Comma or space separated values typed into one field. */
  public static List<String> list(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return Arrays.stream(text.split("[\\s,]+")).filter(s -> !s.isEmpty()).toList();
  }

  /** The start of a day (UTC) given as {@code yyyy-mm-dd}, plus some days; null when empty. */
  public static Instant day(String field, String text, int plusDays) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(text.strip())
          .plusDays(plusDays)
          .atStartOfDay(ZoneOffset.UTC)
          .toInstant();
    } catch (DateTimeParseException e) {
      throw ProblemException.invalidField(
          field, "must be a day such as 2027-01-31, was '" + text + "'");
    }
  }

  /** Something that expires "on" a day lasts through that day (UTC). */
  public static Instant endOfDay(String field, String text) {
    return day(field, text, 1);
  }
}
