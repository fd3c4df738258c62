package org.openupdate.server.fleet;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.openupdate.server.problem.ProblemException;

/**
 * Where a fleet page ended: the sort key (client id, product) of its last client, base64url encoded
 * so callers treat it as opaque. Keyset paging: the next page starts after that key, so clients
 * added or removed meanwhile neither repeat nor shift a page.
 */
public record Cursor(String clientId, String product) {

  private static final String VERSION = "1";
  private static final char SEPARATOR = '\n';

  String encode() {
    String key = VERSION + SEPARATOR + clientId + SEPARATOR + product;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  /** Null for a blank cursor (the first page). */
  static Cursor decode(String param, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String[] parts;
    try {
      parts =
          new String(Base64.getUrlDecoder().decode(value.strip()), StandardCharsets.UTF_8)
              .split(String.valueOf(SEPARATOR), -1);
    } catch (IllegalArgumentException e) {
      parts = new String[0];
    }
    if (parts.length != 3 || !VERSION.equals(parts[0])) {
      throw ProblemException.invalidField(
          param, "not a cursor from this API: pass nextCursor of the previous page unchanged");
    }
    FleetParams.clientId(param, parts[1]);
    FleetParams.name(param, parts[2]);
    return new Cursor(parts[1], parts[2]);
  }
}
