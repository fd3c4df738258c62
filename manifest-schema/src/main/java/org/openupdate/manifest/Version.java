package org.openupdate.manifest;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A release version with SemVer 2.0.0 precedence, accepting the {@code MAJOR.MINOR.PATCH-CHANNEL}
 * forms of the original design.
 *
 * <p>A pre-release tag of exactly {@code stable} names the stable channel, so {@code 2.4.1-stable}
 * is the same release as {@code 2.4.1}. Other tags ({@code beta.3}, {@code nightly.20240315},
 * {@code rc.1}) are pre-releases and order below the release. Build metadata ({@code +build.5}) is
 * ignored.
 *
 * <pre>{@code
 * Version.parse("2.5.0-beta.3").isNewerThan(Version.parse("2.4.1-stable")) // true
 * }</pre>
 */
public final class Version implements Comparable<Version> {

  private static final Pattern SEMVER =
      Pattern.compile(
          "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
              + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)"
              + "(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
              + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$");
  private static final int MAX_LENGTH = 128;

  private final String text;
  private final BigInteger major;
  private final BigInteger minor;
  private final BigInteger patch;
  private final List<String> preRelease;

  private Version(
      String text, BigInteger major, BigInteger minor, BigInteger patch, List<String> preRelease) {
    this.text = text;
    this.major = major;
    this.minor = minor;
    this.patch = patch;
    this.preRelease = preRelease;
  }

  /**
   * Parses a version string.
   *
   * @throws IllegalArgumentException naming the input when it is not a version
   */
  public static Version parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("version is missing");
    }
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "'"
              + text.substring(0, 32)
              + "...' is not a semantic version: longer than "
              + MAX_LENGTH
              + " characters");
    }
    Matcher m = SEMVER.matcher(text);
    if (!m.matches()) {
      // Worded like the schema's pattern violations (SchemaValidator), so a draft and a parse
      // report a bad version the same way.
      throw new IllegalArgumentException(
          "'" + text + "' is not a semantic version: expected MAJOR.MINOR.PATCH[-PRE][+BUILD]");
    }
    List<String> pre = new ArrayList<>();
    if (m.group(4) != null && !m.group(4).equals("stable")) {
      pre.addAll(List.of(m.group(4).split("\\.")));
    }
    return new Version(
        text,
        new BigInteger(m.group(1)),
        new BigInteger(m.group(2)),
        new BigInteger(m.group(3)),
        List.copyOf(pre));
  }

  /** True when {@code text} parses as a version. */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  public int major() {
    return major.intValueExact();
  }

  public int minor() {
    return minor.intValueExact();
  }

  public int patch() {
    return patch.intValueExact();
  }

  /**
   * True for {@code beta}, {@code rc}, {@code nightly} and other tags; false for releases and
   * {@code -stable}.
   */
  public boolean isPreRelease() {
    return !preRelease.isEmpty();
  }

  public boolean isNewerThan(Version other) {
    return compareTo(other) > 0;
  }

  @Override
  public int compareTo(Version o) {
    int c = major.compareTo(o.major);
    if (c == 0) {
      c = minor.compareTo(o.minor);
    }
    if (c == 0) {
      c = patch.compareTo(o.patch);
    }
    return c != 0 ? c : comparePreRelease(preRelease, o.preRelease);
  }

  private static int comparePreRelease(List<String> a, List<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      // A release ranks above any of its pre-releases.
      return Boolean.compare(a.isEmpty(), b.isEmpty());
    }
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = compareIdentifier(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static int compareIdentifier(String x, String y) {
    boolean xNumeric = x.chars().allMatch(Character::isDigit);
    boolean yNumeric = y.chars().allMatch(Character::isDigit);
    if (xNumeric && yNumeric) {
      return new BigInteger(x).compareTo(new BigInteger(y));
    }
    if (xNumeric != yNumeric) {
      return xNumeric ? -1 : 1;
    }
    return x.compareTo(y);
  }

  /** Equal when of equal precedence: {@code 2.4.1-stable} equals {@code 2.4.1}. */
  @Override
  public boolean equals(Object obj) {
    return obj instanceof Version v && compareTo(v) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(major, minor, patch, preRelease);
  }

  /** The text this version was parsed from. */
  @Override
  public String toString() {
    return text;
  }
}
