package org.openupdate.server.console.release;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.openupdate.server.admin.RequiresRole;
import org.openupdate.server.admin.Role;
import org.openupdate.server.console.FormErrors;
import org.openupdate.server.console.Frames;
import org.openupdate.server.console.Redirects;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.release.DraftService;
import org.openupdate.server.release.ReleaseViews.ReleaseDetail;

/** Publishing from the browser, step one: a manifest becomes a draft (DraftService, as the API). */
@Path("/console/publish")
@Produces(MediaType.TEXT_HTML)
public class PublishPages {

  @Inject Frames frames;
  @Inject DraftService drafts;
  @Context UriInfo uri;

  @GET
  @RequiresRole(Role.PUBLISHER)
  public String form() {
    return new PublishPage(frames.frame("publish"), "", FormErrors.NONE).render();
  }

  /** The manifest as a file, or pasted; its bytes are what the server signs and serves. */
  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public Response create(@RestForm FileUpload manifest, @RestForm String manifestText)
      throws IOException {
    String pasted = manifestText == null ? "" : manifestText;
    byte[] bytes =
        manifest != null && manifest.size() > 0
            ? Files.readAllBytes(manifest.uploadedFile())
            : pasted.getBytes(StandardCharsets.UTF_8);
    ReleaseDetail draft;
    try {
      draft = drafts.create(bytes).draft();
    } catch (ProblemException e) {
      return ReleasePages.refused(
          e, new PublishPage(frames.frame("publish"), pasted, FormErrors.of(e)).render());
    }
    return Redirects.to(
        ReleasePages.releasePath(draft.product(), draft.version()),
        "Draft "
            + draft.version()
            + " of "
            + draft.product()
            + " is ready: upload its artifacts, then publish it.",
        uri);
  }
}
