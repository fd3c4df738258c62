package org.openupdate.server.status;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;

/** Viewer access to how a release is doing. */
@Path("/api/v1/admin/status/{product}/{version}")
@Produces(MediaType.APPLICATION_JSON)
public class StatusSummaryResource {

  @Inject StatusQueries queries;

  @GET
  public StatusSummary summary(
      @PathParam("product") String product, @PathParam("version") String version)
      throws SQLException {
    return queries.summary(product, version);
  }
}
