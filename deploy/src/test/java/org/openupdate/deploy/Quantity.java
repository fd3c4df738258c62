package org.openupdate.deploy;

import java.math.BigDecimal;
import java.util.Map;

/** Kubernetes resource quantities, as far as CPU and memory values are written in these files. */
final class Quantity {

  private static final Map<String, Long> BYTE_SUFFIXES =
      Map.of(
          "Ki",
          1L << 10,
          "Mi",
          1L << 20,
          "Gi",
          1L << 30,
          "K",
          1000L,
          "M",
          1000_000L,
          "G",
          1000_000_000L);

  private Quantity() {}

  static long bytes(String quantity) {
    for (Map.Entry<String, Long> suffix : BYTE_SUFFIXES.entrySet()) {
      if (quantity.endsWith(suffix.getKey())) {
        String number = quantity.substring(0, quantity.length() - suffix.getKey().length());
        if (number.chars().allMatch(Character::isDigit) && !number.isEmpty()) {
          return Long.parseLong(number) * suffix.getValue();
        }
      }
    }
    return parse(quantity, "memory").longValueExact();
  }

  static long millicores(String quantity) {
    if (quantity.endsWith("m")) {
      return parse(quantity.substring(0, quantity.length() - 1), "cpu").longValueExact();
    }
    return parse(quantity, "cpu").movePointRight(3).longValueExact();
  }

  private static BigDecimal parse(String number, String what) {
    try {
      return new BigDecimal(number);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " quantity is not a number, was " + number, e);
    }
  }
}
