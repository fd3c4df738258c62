package org.openupdate.server.artifact;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.PathPart;
import org.openupdate.server.problem.Problem;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;

/**
 * Public, content-addressed artifact downloads: resumable with Range, cacheable by their hash, and
 * conditional (If-Match, If-None-Match, If-Range) in the order of RFC 9110 13.2.2.
 */
@Path("/api/v1/artifacts")
public class ArtifactResource {

  private static final String OCTET_STREAM = "application/octet-stream";

  @Inject ArtifactStore store;

  private record Stored(java.nio.file.Path file, long size, String etag) {}

  @GET
  @Path("/{sha256}")
  public Response download(
      @PathParam("sha256") String sha256,
      @HeaderParam("Range") String range,
      @HeaderParam("If-Range") String ifRange,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
      @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
    Stored artifact = find(sha256);
    Optional<Response> conditional = conditionalAnswer(artifact, ifMatch, ifNoneMatch);
    if (conditional.isPresent()) {
      return conditional.get();
    }
    boolean rangeApplies = ifRange == null || Preconditions.ifRange(ifRange, artifact.etag());
    Optional<ByteRange> part =
        rangeApplies ? ByteRange.parse(range, artifact.size()) : Optional.empty();
    Response.ResponseBuilder response =
        part.map(
                r ->
                    Response.status(Response.Status.PARTIAL_CONTENT)
                        .header("Content-Range", r.contentRange(artifact.size()))
                        .entity(new PathPart(artifact.file(), r.first(), r.length())))
            .orElseGet(() -> Response.ok(new PathPart(artifact.file(), 0, artifact.size())));
    return withValidators(response, artifact).type(OCTET_STREAM).build();
  }

  /**
   * What GET would answer, without the body: clients ask the size before they download. A Range is
   * ignored, as RFC 9110 14.2 defines it for GET only.
   */
  @HEAD
  @Path("/{sha256}")
  public Response head(
      @PathParam("sha256") String sha256,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
      @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
    Stored artifact = find(sha256);
    return conditionalAnswer(artifact, ifMatch, ifNoneMatch)
        .orElseGet(
            () ->
                withValidators(Response.ok(), artifact)
                    .type(OCTET_STREAM)
                    .header(HttpHeaders.CONTENT_LENGTH, artifact.size())
                    .build());
  }

  private Stored find(String sha256) {
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
    return new Stored(file, size(file), "\"" + sha256 + "\"");
  }

  /**
   * 412 when If-Match fails, 304 when If-None-Match does; empty when the artifact is to be sent.
   */
  private static Optional<Response> conditionalAnswer(
      Stored artifact, String ifMatch, String ifNoneMatch) {
    if (ifMatch != null && !Preconditions.ifMatch(ifMatch, artifact.etag())) {
      String message = "'" + ifMatch + "' does not match the artifact's ETag " + artifact.etag();
      throw new ProblemException(
          ProblemType.PRECONDITION_FAILED,
          "If-Match: " + message,
          List.of(new Problem.FieldError(HttpHeaders.IF_MATCH, message)));
    }
    if (ifNoneMatch != null && !Preconditions.ifNoneMatch(ifNoneMatch, artifact.etag())) {
      return Optional.of(withValidators(Response.notModified(), artifact).build());
    }
    return Optional.empty();
  }

  /** The headers every answer about the artifact carries, 304 included (RFC 9110 15.4.5). */
  private static Response.ResponseBuilder withValidators(
      Response.ResponseBuilder response, Stored artifact) {
    return response
        .header(HttpHeaders.ETAG, artifact.etag())
        .header("Accept-Ranges", "bytes")
        // The name is the hash of the content, so it can never change.
        .header(HttpHeaders.CACHE_CONTROL, "public, max-age=31536000, immutable");
  }

  private static long size(java.nio.file.Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
