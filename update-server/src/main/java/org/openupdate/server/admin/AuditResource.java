package org.openupdate.server.admin;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.openupdate.server.problem.ProblemException;

@Path("/api/v1/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.VIEWER)
public class AuditResource {

  private static final int MAX_LIMIT = 1000;

  @Inject AuditLog audit;

  @GET
  public List<AuditLog.Record> read(
      @QueryParam("target") String target, @QueryParam("limit") @DefaultValue("100") int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ProblemException.invalidField("limit", "must be 1.." + MAX_LIMIT + ", was " + limit);
    }
    return audit.read(target, limit);
  }
}
