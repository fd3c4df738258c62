package org.openupdate.server.release;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;
import org.openupdate.server.release.ReleaseViews.ServedManifest;

/**
 * Public: a published release's exact signed manifest bytes and their detached signature; with
 * {@code channel}, those served on that channel; with {@code channel} and {@code recallOf}, the
 * recall manifest that takes that pulled version's clients back to this release.
 */
@Path("/api/v1/releases/{product}/{version}")
public class ManifestResource {

  @Inject ReleaseQueries queries;

  @GET
  @Path("/manifest")
  public Response manifest(
      @PathParam("product") String product,
      @PathParam("version") String version,
      @QueryParam("channel") String channel,
      @QueryParam("recallOf") String recallOf,
      @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
    ServedManifest served = served(product, version, channel, recallOf);
    String etag = "\"" + served.sha256() + "\"";
    if (etag.equals(ifNoneMatch)) {
      return Response.notModified().header(HttpHeaders.ETAG, etag).build();
    }
    return Response.ok(served.manifest(), "application/json")
        .header(HttpHeaders.ETAG, etag)
        .build();
  }

  @GET
  @Path("/manifest.asc")
  public Response signature(
      @PathParam("product") String product,
      @PathParam("version") String version,
      @QueryParam("channel") String channel,
      @QueryParam("recallOf") String recallOf) {
    return Response.ok(
            served(product, version, channel, recallOf).signature(), "application/pgp-signature")
        .build();
  }

  private ServedManifest served(String product, String version, String channel, String recallOf) {
    return queries
        .served(product, version, channel, recallOf)
        .orElseThrow(
            () ->
                new ProblemException(
                    ProblemType.NOT_FOUND,
                    "no published release "
                        + version
                        + " of product '"
                        + product
                        + "'"
                        + (channel == null ? "" : " on channel '" + channel + "'")
                        + (recallOf == null ? "" : " recalling " + recallOf)));
  }
}
