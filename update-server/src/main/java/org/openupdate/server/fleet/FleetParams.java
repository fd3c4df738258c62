package org.openupdate.server.fleet;

import java.util.regex.Pattern;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.version.Versions;

/**
 * The fleet API's parameters, each refused with a 400 that names it. Blank means absent, so a form
 * that submits every field empty asks for everything.
 */
final class FleetParams {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final Pattern PLATFORM = Pattern.compile("[a-z0-9][a-z0-9._-]{0,49}");
  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,200}");

  private FleetParams() {}

  /** A product or channel name, or null. */
  static String name(String param, String value) {
    String text = blankToNull(value);
    if (text != null && !NAME.matcher(text).matches()) {
      throw ProblemException.invalidField(
          param, "must be a name of letters, digits, '.', '_' or '-', was '" + shorten(text) + "'");
    }
    return text;
  }

  static String version(String param, String value) {
    String text = blankToNull(value);
    if (text != null) {
      Versions.require(param, text);
    }
    return text;
  }

  static String platform(String param, String value) {
    String text = blankToNull(value);
    if (text != null && !PLATFORM.matcher(text).matches()) {
      throw ProblemException.invalidField(
          param,
          "must be a lower-case word such as bare-metal, container, kubernetes, lxc, was '"
              + shorten(text)
              + "'");
    }
    return text;
  }

  /** A client id or a prefix of one: the characters the check accepts in X-Client-Id. */
  static String clientId(String param, String value) {
    String text = blankToNull(value);
    if (text != null && !CLIENT_ID.matcher(text).matches()) {
      throw ProblemException.invalidField(
          param,
          "must be 1-200 letters, digits, '.', '_', ':' or '-', was '" + shorten(text) + "'");
    }
    return text;
  }

  static Drift state(String param, String value) {
    String text = blankToNull(value);
    if (text == null) {
      return null;
    }
    return Drift.parse(text)
        .orElseThrow(
            () ->
                ProblemException.invalidField(
                    param,
                    "must be current, behind, on-pulled or stale, was '" + shorten(text) + "'"));
  }

  static int limit(String param, String value, int defaultLimit, int maxLimit) {
    String text = blankToNull(value);
    if (text == null) {
      return defaultLimit;
    }
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= maxLimit) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below, like an out-of-range number
    }
    throw ProblemException.invalidField(
        param, "must be a number 1.." + maxLimit + ", was '" + shorten(text) + "'");
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  static String shorten(String value) {
    return value.length() <= 64 ? value : value.substring(0, 64) + "...";
  }
}
