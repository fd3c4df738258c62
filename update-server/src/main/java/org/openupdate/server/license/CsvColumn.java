package org.openupdate.server.license;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.openupdate.manifest.Version;

/** Short lists (channels, versions) kept in one varchar column, comma separated. */
public final class CsvColumn {

  private CsvColumn() {}

  public static Set<String> strings(String column) {
    if (column == null || column.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(column.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  public static Set<Version> versions(String column) {
    return strings(column).stream().map(Version::parse).collect(Collectors.toSet());
  }

  public static String join(Collection<?> values) {
    return values.stream().map(Object::toString).collect(Collectors.joining(","));
  }
}
