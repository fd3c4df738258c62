package org.openupdate.server.console.fleet;

import io.quarkus.qute.TemplateInstance;
import java.util.List;
import org.openupdate.server.console.Frame;
import org.openupdate.server.fleet.FleetViews.FleetPage;
import org.openupdate.server.fleet.FleetViews.FleetSummary;

/**
 * The fleet: per channel how many clients run what and how they stand, then the clients matching
 * the filters, a page at a time.
 *
 * @param query the filters as typed, kept in the form and in the next page's link
 * @param states the drift states a person can filter by
 * @param adoption the chosen product's adoption over time, null without a product
 */
public record FleetListPage(
    Frame frame,
    FleetQuery query,
    List<String> products,
    List<String> channels,
    List<String> states,
    FleetSummary summary,
    AdoptionChart adoption,
    FleetPage page)
    implements TemplateInstance {

  /** The filters as the form sends them. */
  public record FleetQuery(
      String product, String channel, String version, String state, String platform, String q) {

    /** The filters as a query string, for the link to the next page. */
    public String queryString() {
      return "product="
          + encode(product)
          + "&channel="
          + encode(channel)
          + "&version="
          + encode(version)
          + "&state="
          + encode(state)
          + "&platform="
          + encode(platform)
          + "&q="
          + encode(q);
    }

    private static String encode(String value) {
      return value == null
          ? ""
          : java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
