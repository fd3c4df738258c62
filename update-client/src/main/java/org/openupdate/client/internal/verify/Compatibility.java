package org.openupdate.client.internal.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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
      if (fact == null) {
        // Unknown is not compatible: the vendor asked for something nobody checked.
        return Optional.of(
            "compatibility '"
                + entry.getKey()
                + "' needs one of "
                + entry.getValue()
                + ", and this machine states no '"
                + entry.getKey()
                + "' (configuration field 'compatibility."
                + entry.getKey()
                + "')");
      }
      if (!anyMatches(entry.getValue(), fact)) {
        return Optional.of(
            "compatibility '"
                + entry.getKey()
                + "' needs one of "
                + entry.getValue()
                + ", this machine has '"
                + fact
                + "'");
      }
    }
    return Optional.empty();
  }

  private static boolean anyMatches(List<String> alternatives, String fact) {
    Term have = Term.parse(fact, "");
    String name = "";
    for (String alternative : alternatives) {
      Term want = Term.parse(alternative, name);
      name = want.name();
      if (want.matches(have)) {
        return true;
      }
    }
    return false;
  }

  /** A name and a version pattern: "PostgreSQL" and "14+"; a plain word is all name. */
  private record Term(String name, String version) {
    static Term parse(String text, String inheritedName) {
      String trimmed = text.strip();
      int space = trimmed.lastIndexOf(' ');
      String last = trimmed.substring(space + 1);
      if (last.isEmpty() || !Character.isDigit(last.charAt(0))) {
        return new Term(trimmed, "");
      }
      String name = space < 0 ? inheritedName : trimmed.substring(0, space).strip();
      return new Term(name, last);
    }

    boolean matches(Term have) {
      if (!name.equalsIgnoreCase(have.name)) {
        return false;
      }
      if (version.isEmpty()) {
        return have.version.isEmpty();
      }
      if (have.version.isEmpty()) {
        return false;
      }
      if (version.endsWith("+")) {
        return compare(numbers(have.version), numbers(version)) >= 0;
      }
      List<Integer> wanted = numbers(version);
      List<Integer> had = numbers(have.version);
      return had.size() >= wanted.size() && had.subList(0, wanted.size()).equals(wanted);
    }

    /** Leading numeric parts: "10.x" is [10], "1.26+" is [1, 26], "17.0.9" is [17, 0, 9]. */
    private static List<Integer> numbers(String version) {
      List<Integer> parts = new ArrayList<>();
      for (String part : version.split("\\.")) {
        int end = 0;
        while (end < part.length() && Character.isDigit(part.charAt(end)) && end < 9) {
          end++;
        }
        if (end == 0) {
          break;
        }
        parts.add(Integer.parseInt(part.substring(0, end)));
        if (end < part.length()) {
          break;
        }
      }
      return parts;
    }

    private static int compare(List<Integer> a, List<Integer> b) {
      for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
        int x = i < a.size() ? a.get(i) : 0;
        int y = i < b.size() ? b.get(i) : 0;
        if (x != y) {
          return Integer.compare(x, y);
        }
      }
      return 0;
    }
  }
}
