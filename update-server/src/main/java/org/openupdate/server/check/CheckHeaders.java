package org.openupdate.server.check;

import java.util.regex.Pattern;
import org.openupdate.manifest.Version;
import org.openupdate.server.problem.ProblemException;

/** Parses and validates the check's request headers; each refusal names its header. */
final class CheckHeaders {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,200}");
  private static final Pattern PLATFORM = Pattern.compile("[a-z0-9][a-z0-9._-]{0,49}");

  private CheckHeaders() {}

  static Version version(String value) {
    String text = required("X-Current-Version", value);
    if (!Version.isValid(text)) {
      throw ProblemException.invalidField(
          "X-Current-Version",
          "not a semantic version (MAJOR.MINOR.PATCH): '" + shorten(text) + "'");
    }
    return Version.parse(text);
  }

  static String channel(String value) {
    return name("X-Channel", required("X-Channel", value));
  }

  static String product(String value, String defaultProduct) {
    return value == null || value.isBlank() ? defaultProduct : name("X-Product", value.strip());
  }

  static String clientId(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String id = value.strip();
    if (!CLIENT_ID.matcher(id).matches()) {
      throw ProblemException.invalidField(
          "X-Client-Id", "must be 1-200 characters of letters, digits, '.', '_', ':' or '-'");
    }
    return id;
  }

  static String platform(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String platform = value.strip();
    if (!PLATFORM.matcher(platform).matches()) {
      throw ProblemException.invalidField(
          "X-Platform", "must be a lower-case word such as bare-metal, container, kubernetes, lxc");
    }
    return platform;
  }

  private static String required(String header, String value) {
    if (value == null || value.isBlank()) {
      throw ProblemException.invalidField(header, "header is required");
    }
    return value.strip();
  }

  private static String name(String header, String value) {
    if (!NAME.matcher(value).matches()) {
      throw ProblemException.invalidField(
          header, "must be a name of letters, digits, '.', '_' or '-': '" + shorten(value) + "'");
    }
    return value;
  }

  private static String shorten(String value) {
    return value.length() <= 64 ? value : value.substring(0, 64) + "...";
  }
}
