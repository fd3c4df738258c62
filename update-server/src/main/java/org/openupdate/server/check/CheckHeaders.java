package org.openupdate.server.check;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openupdate.manifest.Version;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.version.Versions;

/**
 * Parses and validates the check's request headers; each refusal names its header.
 *
 * <p>This runs on every poll, so the character rules are plain loops rather than regular
 * expressions, and parsed versions are kept: a fleet reports a handful of distinct versions, and
 * parsing one (a SemVer regular expression and three BigIntegers) costs more than the decision.
 */
final class CheckHeaders {

  /** Enough for every version a fleet runs at once; beyond it, versions are parsed each time. */
  private static final int MAX_KNOWN_VERSIONS = 4096;

  private static final Map<String, Version> KNOWN_VERSIONS = new ConcurrentHashMap<>();

  private CheckHeaders() {}

  static Version version(String value) {
    String text = required("X-Current-Version", value);
    Version known = KNOWN_VERSIONS.get(text);
    if (known != null) {
      return known;
    }
    Version version = Versions.require("X-Current-Version", text);
    if (KNOWN_VERSIONS.size() < MAX_KNOWN_VERSIONS) {
      KNOWN_VERSIONS.put(text, version);
    }
    return version;
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
    if (id.length() > 200 || !allMatch(id, 0, CheckHeaders::isClientIdChar)) {
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
    if (platform.length() > 50
        || !isLowerAlphanumeric(platform.charAt(0))
        || !allMatch(platform, 1, c -> isLowerAlphanumeric(c) || isPunctuation(c))) {
      throw ProblemException.invalidField(
          "X-Platform", "must be a lower-case word such as bare-metal, container, kubernetes, lxc");
    }
    return platform;
  }

  /**
   * The agent's own version, only shown to operators: a missing or malformed one is ignored (null),
   * never a reason to refuse the poll.
   */
  static String agentVersion(String value) {
    if (value == null) {
      return null;
    }
    String version = value.strip();
    boolean valid =
        !version.isEmpty()
            && version.length() <= 50
            && isAlphanumeric(version.charAt(0))
            && allMatch(version, 1, c -> isAlphanumeric(c) || isPunctuation(c) || c == '+');
    return valid ? version : null;
  }

  /** The most versions a client may name as dismissed; a longer list is ignored. */
  static final int MAX_DISMISSED = 10;

  /**
   * Versions dismissed on the machine, {@code 1.2.0,1.3.0}; shown to operators only, so a malformed
   * list is ignored (null), never a reason to refuse the poll.
   */
  static String dismissedVersions(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String[] versions = value.split(",", MAX_DISMISSED + 1);
    if (versions.length > MAX_DISMISSED) {
      return null;
    }
    for (int i = 0; i < versions.length; i++) {
      versions[i] = versions[i].strip();
      if (versions[i].length() > 128 || !Version.isValid(versions[i])) {
        return null;
      }
    }
    return String.join(",", versions);
  }

  /** An install scheduled on the machine. */
  record Scheduled(String version, java.time.Instant at) {}

  /**
   * {@code 1.2.0 2026-12-24T22:00:00Z}: the version and the instant a person scheduled its install
   * for; like {@link #dismissedVersions}, a malformed one is ignored (null).
   */
  static Scheduled scheduledInstall(String value) {
    if (value == null) {
      return null;
    }
    String[] parts = value.strip().split(" ");
    if (parts.length != 2 || parts[0].length() > 128 || !Version.isValid(parts[0])) {
      return null;
    }
    try {
      return new Scheduled(parts[0], java.time.Instant.parse(parts[1]));
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  private static String required(String header, String value) {
    if (value == null || value.isBlank()) {
      throw ProblemException.invalidField(header, "header is required");
    }
    return value.strip();
  }

  /** A letter or digit, then up to 99 letters, digits, '.', '_' or '-'. */
  private static String name(String header, String value) {
    if (value.length() > 100
        || !isAlphanumeric(value.charAt(0))
        || !allMatch(value, 1, c -> isAlphanumeric(c) || isPunctuation(c))) {
      throw ProblemException.invalidField(
          header, "must be a name of letters, digits, '.', '_' or '-': '" + shorten(value) + "'");
    }
    return value;
  }

  private interface CharRule {
    boolean test(char c);
  }

  private static boolean allMatch(String value, int from, CharRule rule) {
    for (int i = from; i < value.length(); i++) {
      if (!rule.test(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** ASCII only: Character.isLetterOrDigit would let other scripts into names and ids. */
  private static boolean isAlphanumeric(char c) {
    return isLowerAlphanumeric(c) || (c >= 'A' && c <= 'Z');
  }

  private static boolean isLowerAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static boolean isPunctuation(char c) {
    return c == '.' || c == '_' || c == '-';
  }

  private static boolean isClientIdChar(char c) {
    return isAlphanumeric(c) || isPunctuation(c) || c == ':';
  }

  private static String shorten(String value) {
    return value.length() <= 64 ? value : value.substring(0, 64) + "...";
  }
}
