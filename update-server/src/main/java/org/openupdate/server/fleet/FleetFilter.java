package org.openupdate.server.fleet;

/**
 * The fleet page's query, validated.
 *
 * @param prefix clients whose id starts with it (case-sensitive), or null
 * @param after the previous page's cursor, null for the first page
 */
public record FleetFilter(
    String product,
    String channel,
    String version,
    Drift state,
    String platform,
    String prefix,
    Cursor after,
    int limit) {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  /** Parses the raw query parameters; a bad one is a 400 naming it. */
  public static FleetFilter parse(
      String product,
      String channel,
      String version,
      String state,
      String platform,
      String q,
      String cursor,
      String limit) {
    return new FleetFilter(
        FleetParams.name("product", product),
        FleetParams.name("channel", channel),
        FleetParams.version("version", version),
        FleetParams.state("state", state),
        FleetParams.platform("platform", platform),
        FleetParams.clientId("q", q),
        Cursor.decode("cursor", cursor),
        FleetParams.limit("limit", limit, DEFAULT_LIMIT, MAX_LIMIT));
  }
}
