package org.openupdate.server.admin;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.openupdate.server.problem.ProblemException;

@Path("/api/v1/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.VIEWER)
public class AuditResource {

  private static final int MAX_LIMIT = 1000;

  @Inject AuditLog audit;

  /** Newest first; every filter is optional (see {@link AuditLog.Query}). */
  @GET
  public List<AuditLog.Record> read(
      @QueryParam("target") String target,
      @QueryParam("actor") String actor,
      @QueryParam("action") String action,
      @QueryParam("product") String product,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ProblemException.invalidField("limit", "must be 1.." + MAX_LIMIT + ", was " + limit);
    }
    AuditLog.Query query =
        new AuditLog.Query(
            target, actor, action, product, instant("from", from), instant("to", to));
    return audit.search(query, 0, limit).records();
  }

  private static Instant instant(String field, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw ProblemException.invalidField(
          field, "must be an RFC 3339 instant such as 2026-12-01T00:00:00Z, was '" + text + "'");
    }
  }
}
