package org.openupdate.client.internal.verify;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judges a manifest's {@code compatibility} entries against what this machine is: the facts the
 * agent knows ({@code os}, {@code arch}, {@code java}, {@code platform}) and those configured for
 * the machine ({@code "database": "PostgreSQL 15"}), which win.
 *
 * <p>An entry lists alternatives in the original design's forms: {@code "PostgreSQL 14+"} (that
 * name, at least that version), {@code "10.x"} (that major version), {@code "15"} (15 or any 15.y),
 * or a plain word ({@code "linux"}). An alternative without a name takes the one before it, so
 * {@code ["PostgreSQL 14+", "15"]} reads as PostgreSQL twice.
 */
public final class Compatibility {
  private static final Pattern NUMBERS = Pattern.compile("\\d{1,9}(\\.\\d{1,9})*");
  private final Map<String, String> facts;

  public Compatibility(Map<String, String> facts) {
    this.facts = Map.copyOf(facts);
  }

  /** What the agent knows about any machine it runs on, under the configured facts. */
  public static Compatibility of(String platform, Map<String, String> configured) {
    Runtime.Version java = Runtime.version();
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("os", System.getProperty("os.name", "").toLowerCase(Locale.ROOT));
    facts.put("arch", System.getProperty("os.arch", ""));
    facts.put("java", java.feature() + "." + java.interim() + "." + java.update());
    facts.put("platform", platform);
    facts.putAll(configured);
    return new Compatibility(facts);
  }

  /** Empty when every entry is met, else the first one that is not, described. */
  public Optional<String> unmet(Map<String, List<String>> entries) {
    if (entries == null) {
      return Optional.empty();
    }
    for (var entry : entries.entrySet()) {
      String fact = facts.get(entry.getKey());
      // Unknown is not compatible: the vendor asked for something nobody checked.
      if (fact == null || !anyMatches(entry.getValue(), fact)) {
        return Optional.of(
            "compatibility '"
                + entry.getKey()
                + "' needs one of "
                + entry.getValue()
                + ", this machine has "
                + (fact == null
                    ? "nothing stated (configuration field 'compatibility." + entry.getKey() + "')"
                    : "'" + fact + "'"));
      }
    }
    return Optional.empty();
  }

  private static boolean anyMatches(List<String> alternatives, String fact) {
    String[] have = term(fact, "");
    String name = "";
    for (String alternative : alternatives) {
      String[] want = term(alternative, name);
      name = want[0];
      if (want[0].equalsIgnoreCase(have[0]) && versionMatches(want[1], have[1])) {
        return true;
      }
    }
    return false;
  }

  /** {name, version pattern}: "PostgreSQL 14+" is {"PostgreSQL", "14+"}; a plain word all name. */
  private static String[] term(String text, String inheritedName) {
    String trimmed = text.strip();
    int space = trimmed.lastIndexOf(' ');
    String last = trimmed.substring(space + 1);
    if (last.isEmpty() || !Character.isDigit(last.charAt(0))) {
      return new String[] {trimmed, ""};
    }
    return new String[] {space < 0 ? inheritedName : trimmed.substring(0, space).strip(), last};
  }

  private static boolean versionMatches(String wanted, String had) {
    if (wanted.isEmpty() || had.isEmpty()) {
      return wanted.equals(had);
    }
    int[] want = numbers(wanted);
    int[] have = numbers(had);
    for (int i = 0; i < want.length; i++) {
      int part = i < have.length ? have[i] : 0;
      if (part != want[i]) {
        // "14+": at least; the first differing part decides.
        return wanted.endsWith("+") && part > want[i];
      }
    }
    // Equal on every wanted part: "15" takes 15.4, "14+" takes 14.
    return wanted.endsWith("+") || have.length >= want.length;
  }

  /** Leading numeric parts: "10.x" is [10], "1.26+" is [1, 26], "17.0.9" is [17, 0, 9]. */
  private static int[] numbers(String version) {
    Matcher matcher = NUMBERS.matcher(version);
    return matcher.lookingAt()
        ? Arrays.stream(matcher.group().split("\\.")).mapToInt(Integer::parseInt).toArray()
        : new int[0];
  }
}
