package org.openupdate.server.console.admin;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.openupdate.server.admin.AuditLog;
import org.openupdate.server.console.FormValues;
import org.openupdate.server.console.Frames;
import org.openupdate.server.console.admin.AuditPage.AuditFilter;

/** Who changed what: the audit log the API serves, searched the same way. */
@Path("/console/audit")
@Produces(MediaType.TEXT_HTML)
public class AuditPages {

  private static final int PAGE_SIZE = 50;

  @Inject Frames frames;
  @Inject AuditLog audit;

  @GET
  public String search(
      @QueryParam("actor") String actor,
      @QueryParam("action") String action,
      @QueryParam("product") String product,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("page") @DefaultValue("0") int page) {
    AuditLog.Query query =
        new AuditLog.Query(
            null,
            actor,
            action,
            product,
            FormValues.day("from", from, 0),
            FormValues.endOfDay("to", to));
    return new AuditPage(
            frames.frame("audit"),
            new AuditFilter(actor, action, product, from, to),
            audit.search(query, Math.max(page, 0), PAGE_SIZE))
        .render();
  }
}
