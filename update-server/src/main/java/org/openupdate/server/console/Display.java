package org.openupdate.server.console;

import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.openupdate.server.rollout.RolloutAction;

/** How pages write times and sizes: to the minute in UTC, bytes with a unit a person reads. */
@TemplateExtension
public final class Display {

  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Display() {}

  static String display(Instant instant) {
    return MINUTE.format(instant);
  }

  static String bytes(long size) {
    if (size < 1024) {
      return size + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = size;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  /** A span of seconds as a person says it: "7 days", "36 h", "90 min". */
  static String asDuration(long seconds) {
    if (seconds % 86400 == 0) {
      return seconds / 86400 + (seconds == 86400 ? " day" : " days");
    }
    if (seconds % 3600 == 0) {
      return seconds / 3600 + " h";
    }
    return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
  }

  /** An action as its button names it: "Halt". */
  static String label(RolloutAction action) {
    String name = action.wireName();
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  /** A share 0..1 as a percentage with one decimal. */
  static String percent(Double share) {
    return share == null ? "–" : String.format(Locale.ROOT, "%.1f %%", share * 100);
  }
}
