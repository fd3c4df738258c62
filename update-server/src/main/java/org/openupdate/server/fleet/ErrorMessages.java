package org.openupdate.server.fleet;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns the errors of a report into a reason that equal failures share: times, UUIDs, hex ids and
 * numbers differ from machine to machine ("port 8443 in use", "/tmp/update-4711/app") and would
 * split one reason into thousands.
 */
final class ErrorMessages {

  static final String NONE = "(no error message)";
  private static final int MAX_LENGTH = 500;

  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?"
              + "(?:Z|[+-]\\d{2}:?\\d{2})?)?");
  private static final Pattern UUID =
      Pattern.compile(
          "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");

  /**
   * 0x-prefixed, or 8+ hex characters with a digit and a letter (so neither a word nor a number).
   */
  private static final Pattern HEX_ID =
      Pattern.compile(
          "\\b(?:0x[0-9a-fA-F]+|(?=[0-9a-fA-F]*[0-9])(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,})\\b");

  /** Not inside a word: sha256, x86_64 and v2 stay as they are. */
  private static final Pattern NUMBER = Pattern.compile("(?<![A-Za-z0-9_])\\d+(?:[.,]\\d+)*");

  private static final Pattern SPACE = Pattern.compile("\\s+");

  private ErrorMessages() {}

  /** One line per error, as stored; {@link #NONE} without any. */
  static String normalise(List<String> errors) {
    if (errors.isEmpty()) {
      return NONE;
    }
    List<String> lines = errors.stream().map(ErrorMessages::normalise).toList();
    return clip(String.join(" | ", lines));
  }

  static String normalise(String error) {
    String text = UUID.matcher(error).replaceAll("<id>");
    text = TIMESTAMP.matcher(text).replaceAll("<time>");
    text = HEX_ID.matcher(text).replaceAll("<id>");
    text = NUMBER.matcher(text).replaceAll("<n>");
    return SPACE.matcher(text).replaceAll(" ").strip();
  }

  /** The errors as sent, on one line, for an example beside the normalised reason. */
  static String example(List<String> errors) {
    return errors.isEmpty() ? NONE : clip(String.join(" | ", errors));
  }

  private static String clip(String text) {
    return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 3) + "...";
  }
}
