package org.openupdate.server.trust;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;
import org.openupdate.server.trust.TrustRootStore.StoredRoot;

/**
 * Public, like the keys: every trust root by version (the exact uploaded bytes, and their detached
 * signature at {@code .asc}); 404 for a version not (yet) made, which tells an agent it has the
 * newest. And each channel's signed timestamp.
 */
@Path("/api/v1/trust")
public class TrustResource {

  @Inject TrustRootStore roots;
  @Inject TimestampService timestamps;

  @GET
  @Path("/root/{number: [0-9]{1,9}}")
  public Response root(@PathParam("number") int version) {
    return Response.ok(root(version, "").document(), "application/json").build();
  }

  @GET
  @Path("/root/{number: [0-9]{1,9}}.asc")
  public Response rootSignature(@PathParam("number") int version) {
    return Response.ok(root(version, ".asc").signature(), "application/pgp-signature").build();
  }

  @GET
  @Path("/timestamp/{product}/{channel: [a-z0-9][a-z0-9._-]*?}")
  public Response timestamp(
      @PathParam("product") String product, @PathParam("channel") String channel) {
    return Response.ok(signed(product, channel).document(), "application/json")
        .header("Cache-Control", "no-cache")
        .build();
  }

  @GET
  @Path("/timestamp/{product}/{channel: [a-z0-9][a-z0-9._-]*?}.asc")
  public Response timestampSignature(
      @PathParam("product") String product, @PathParam("channel") String channel) {
    return Response.ok(signed(product, channel).signature(), "application/pgp-signature")
        .header("Cache-Control", "no-cache")
        .build();
  }

  private StoredRoot root(int version, String suffix) {
    return roots
        .version(version)
        .orElseThrow(
            () ->
                new ProblemException(
                    ProblemType.NOT_FOUND, "no trust root version " + version + suffix + " (yet)"));
  }

  private TimestampService.Signed signed(String product, String channel) {
    return timestamps
        .timestamp(product, channel)
        .orElseThrow(
            () ->
                new ProblemException(
                    ProblemType.NOT_FOUND,
                    "no channel '" + channel + "' of product '" + product + "'"));
  }
}
