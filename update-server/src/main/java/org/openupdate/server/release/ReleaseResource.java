package org.openupdate.server.release;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.release.ReleaseViews.ReleaseDetail;
import org.openupdate.server.release.ReleaseViews.ReleaseSummary;

/**
 * Releases for vendor operations: create a draft from a manifest (the same bytes again continue it;
 * a draft can be deleted), upload its artifacts, optionally attach an offline signature, publish to
 * a channel, promote, pull; list and inspect with history.
 */
@Path("/api/v1/admin/releases")
@Produces(MediaType.APPLICATION_JSON)
public class ReleaseResource {

  /** Where to put a release; {@code rolloutPlan} is optional (everyone at once). */
  public record ChannelRequest(String channel, RolloutPlan rolloutPlan) {}

  /**
   * {@code channel} optional: without it the release is pulled from every channel. {@code recallTo}
   * optional: an older published release that the pulled release's clients on those channels are
   * offered instead (a recall).
   */
  public record PullRequest(
      String channel, @Size(max = 1000) String reason, @Size(max = 128) String recallTo) {}

  @Inject DraftService drafts;
  @Inject PublishService publishing;
  @Inject ReleaseQueries queries;

  @GET
  public List<ReleaseSummary> list(
      @QueryParam("product") String product, @QueryParam("state") String state) {
    return queries.list(product, ReleaseQueries.parseState(state).orElse(null));
  }

  /** The body is the manifest exactly as it will be signed and served. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(byte[] manifest) {
    DraftService.Creation creation = drafts.create(manifest);
    ReleaseDetail draft = creation.draft();
    if (!creation.created()) {
      return Response.ok(draft).build();
    }
    return Response.created(
            URI.create("/api/v1/admin/releases/" + draft.product() + "/" + draft.version()))
        .entity(draft)
        .build();
  }

  /** Only a draft can be deleted (e.g. to replace it with other manifest bytes). */
  @DELETE
  @Path("/{product}/{version}")
  public Response delete(
      @PathParam("product") String product, @PathParam("version") String version) {
    drafts.delete(product, version);
    return Response.noContent().build();
  }

  @GET
  @Path("/{product}/{version}")
  public ReleaseDetail get(
      @PathParam("product") String product, @PathParam("version") String version) {
    return queries.detail(product, version);
  }

  /**
   * Streams one component's bytes; the path is captured whole so a smuggled '/' is refused, not
   * routed.
   */
  @PUT
  @Path("/{product}/{version}/artifacts/{component: .+}")
  @Consumes(MediaType.WILDCARD)
  public ReleaseDetail upload(
      @PathParam("product") String product,
      @PathParam("version") String version,
      @PathParam("component") String component,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
      InputStream body) {
    return drafts.upload(product, version, component, body, contentLength);
  }

  /** A detached signature made offline by the vendor (e.g. {@code gpg --armor --detach-sign}). */
  @PUT
  @Path("/{product}/{version}/signature")
  @Consumes(MediaType.WILDCARD)
  public ReleaseDetail attachSignature(
      @PathParam("product") String product,
      @PathParam("version") String version,
      byte[] signature) {
    return drafts.attachSignature(product, version, signature);
  }

  @POST
  @Path("/{product}/{version}/publish")
  @Consumes(MediaType.APPLICATION_JSON)
  public ReleaseDetail publish(
      @PathParam("product") String product,
      @PathParam("version") String version,
      ChannelRequest request) {
    ChannelRequest r = required(request);
    return publishing.publish(product, version, r.channel(), r.rolloutPlan());
  }

  @POST
  @Path("/{product}/{version}/promote")
  @Consumes(MediaType.APPLICATION_JSON)
  public ReleaseDetail promote(
      @PathParam("product") String product,
      @PathParam("version") String version,
      ChannelRequest request) {
    ChannelRequest r = required(request);
    return publishing.promote(product, version, r.channel(), r.rolloutPlan());
  }

  @POST
  @Path("/{product}/{version}/pull")
  @Consumes(MediaType.APPLICATION_JSON)
  public ReleaseDetail pull(
      @PathParam("product") String product,
      @PathParam("version") String version,
      @Valid PullRequest request) {
    PullRequest r = request == null ? new PullRequest(null, null, null) : request;
    return publishing.pull(product, version, r.channel(), r.reason(), r.recallTo());
  }

  private static ChannelRequest required(ChannelRequest request) {
    if (request == null) {
      throw ProblemException.invalidField("body", "a JSON object with a channel is required");
    }
    return request;
  }
}
