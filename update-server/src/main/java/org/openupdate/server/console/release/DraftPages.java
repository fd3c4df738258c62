package org.openupdate.server.console.release;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
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

/** A draft's artifacts uploaded from the browser, and deleting a draft. */
@Path("/console/drafts/{product}/{version}")
@Produces(MediaType.TEXT_HTML)
public class DraftPages {

  @Inject Frames frames;
  @Inject DraftService drafts;
  @Context UriInfo uri;

  @PathParam("product")
  String product;

  @PathParam("version")
  String version;

  /**
   * The browser's upload is kept in a temporary file by the HTTP layer; from there it is streamed
   * into the store while its SHA-256 and size are checked against the manifest, as the API does.
   */
  @POST
  @Path("/artifacts/{component}")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public Response upload(@PathParam("component") String component, @RestForm FileUpload file)
      throws IOException {
    if (file == null) {
      throw ProblemException.invalidField("file", "choose the file of component " + component);
    }
    try (InputStream in = Files.newInputStream(file.uploadedFile())) {
      drafts.upload(product, version, component, in, file.size());
    }
    return Redirects.to(
        ReleasePages.releasePath(product, version),
        "Uploaded " + component + " (" + file.size() + " bytes, SHA-256 checked).",
        uri);
  }

  @GET
  @Path("/delete")
  @RequiresRole(Role.PUBLISHER)
  public String confirmDelete() {
    return deletePage(FormErrors.NONE);
  }

  @POST
  @Path("/delete")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response delete() {
    try {
      drafts.delete(product, version);
    } catch (ProblemException e) {
      return ReleasePages.refused(e, deletePage(FormErrors.of(e)));
    }
    return Redirects.to(
        "/console/releases?product=" + product, "Deleted the draft " + version + ".", uri);
  }

  private String deletePage(FormErrors errors) {
    return new ConfirmPage(
            frames.frame("releases"),
            "Delete draft",
            "Delete the draft "
                + version
                + " of "
                + product
                + "? Its uploaded artifacts stay in the store; the same manifest can be sent again.",
            "/console/drafts/" + product + "/" + version + "/delete",
            "Delete draft",
            true,
            false,
            ReleasePages.releasePath(product, version),
            errors)
        .render();
  }
}
