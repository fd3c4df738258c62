package org.openupdate.server.console.admin;

import io.quarkus.qute.TemplateInstance;
import org.openupdate.server.admin.AuditLog;
import org.openupdate.server.console.Frame;

/**
 * The audit log, filtered by actor, action, product and days (UTC), a page at a time.
 *
 * @param query the filter as typed, kept in the form and in the paging links
 */
public record AuditPage(Frame frame, AuditFilter query, AuditLog.Page page)
    implements TemplateInstance {

  /** The filter fields as the form sends them; dates are days, {@code yyyy-mm-dd}. */
  public record AuditFilter(String actor, String action, String product, String from, String to) {

    /** The filter as a query string, for the links to other pages. */
    public String queryString() {
      return "actor="
          + encode(actor)
          + "&action="
          + encode(action)
          + "&product="
          + encode(product)
          + "&from="
          + encode(from)
          + "&to="
          + encode(to);
    }

    private static String encode(String value) {
      return value == null
          ? ""
          : java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
