package org.openupdate.server.admin;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an API token may do. Each role includes everything the roles below it may do. */
public enum Role {
  VIEWER,
  PUBLISHER,
  ADMIN;

  public boolean includes(Role required) {
    return ordinal() >= required.ordinal();
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> parse(String text) {
    return Arrays.stream(values()).filter(r -> r.wireName().equals(text)).findFirst();
  }
}
