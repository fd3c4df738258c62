package org.openupdate.server.artifact;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Optional;
import org.jboss.resteasy.reactive.PathPart;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;

/** Public, content-addressed artifact downloads: resumable with Range, cacheable by their hash. */
@Path("/api/v1/artifacts")
public class ArtifactResource {

  @Inject ArtifactStore store;

  @GET
  @Path("/{sha256}")
  public Response download(
      @PathParam("sha256") String sha256,
      @HeaderParam("Range") String range,
      @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
    if (!Sha256.HEX.matcher(sha256).matches()) {
      throw ProblemException.invalidField(
          "sha256", "must be 64 lowercase hex digits, was '" + sha256 + "'");
    }
    java.nio.file.Path file =
        store
            .find(sha256)
            .orElseThrow(
                () ->
                    new ProblemException(
                        ProblemType.NOT_FOUND, "no artifact with sha256 " + sha256));
    String etag = "\"" + sha256 + "\"";
    if (matches(ifNoneMatch, sha256)) {
      return Response.notModified().header(HttpHeaders.ETAG, etag).build();
    }
    long size = size(file);
    Optional<ByteRange> part = ByteRange.parse(range, size);
    Response.ResponseBuilder response =
        part.map(
                r ->
                    Response.status(Response.Status.PARTIAL_CONTENT)
                        .header("Content-Range", r.contentRange(size))
                        .entity(new PathPart(file, r.first(), r.length())))
            .orElseGet(() -> Response.ok(new PathPart(file, 0, size)));
    return response
        .type("application/octet-stream")
        .header(HttpHeaders.ETAG, etag)
        .header("Accept-Ranges", "bytes")
        // The name is the hash of the content, so it can never change.
        .header(HttpHeaders.CACHE_CONTROL, "public, max-age=31536000, immutable")
        .build();
  }

  private static boolean matches(String ifNoneMatch, String sha256) {
    if (ifNoneMatch == null) {
      return false;
    }
    return Arrays.stream(ifNoneMatch.split(","))
        .map(String::trim)
        .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
        .map(tag -> tag.replace("\"", ""))
        .anyMatch(tag -> tag.equals("*") || tag.equals(sha256));
  }

  private static long size(java.nio.file.Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
