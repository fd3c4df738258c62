package org.openupdate.server.delta;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;

/**
 * Public: the signed index of a release's deltas from one installed version, as the exact bytes
 * signed, and its detached signature. The delta files themselves are artifacts ({@code
 * /api/v1/artifacts/{sha256}}, with Range and ETag).
 */
@Path("/api/v1/deltas/{product}/{version}")
public class DeltaResource {

  @Inject DeltaIndexes indexes;

  @GET
  @Path("/{fromVersion}")
  public Response index(
      @PathParam("product") String product,
      @PathParam("version") String version,
      @PathParam("fromVersion") String fromVersion) {
    if (fromVersion.endsWith(".asc")) {
      String from = fromVersion.substring(0, fromVersion.length() - 4);
      return Response.ok(find(product, version, from).signature(), "application/pgp-signature")
          .build();
    }
    return Response.ok(find(product, version, fromVersion).document(), "application/json")
        .header(HttpHeaders.CACHE_CONTROL, "public, max-age=300")
        .build();
  }

  private DeltaIndexes.Signed find(String product, String version, String fromVersion) {
    return indexes
        .find(product, version, fromVersion)
        .orElseThrow(
            () ->
                new ProblemException(
                    ProblemType.NOT_FOUND,
                    "no deltas to "
                        + product
                        + " "
                        + version
                        + " from "
                        + fromVersion
                        + " (made in the background after publishing, for the versions the fleet"
                        + " runs)"));
  }
}
