package org.openupdate.server.console.license;

import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
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
import org.jboss.resteasy.reactive.RestForm;
import org.openupdate.server.admin.RequiresRole;
import org.openupdate.server.admin.Role;
import org.openupdate.server.console.FormErrors;
import org.openupdate.server.console.FormValues;
import org.openupdate.server.console.Frames;
import org.openupdate.server.console.Redirects;
import org.openupdate.server.console.release.ConfirmPage;
import org.openupdate.server.license.LicenseRequest;
import org.openupdate.server.license.LicenseService;
import org.openupdate.server.license.LicenseSummary;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;

/** Licenses: entitlements are an admin's business, reading included, as in the API. */
@Path("/console/licenses")
@Produces(MediaType.TEXT_HTML)
@RequiresRole(Role.ADMIN)
public class LicensePages {

  @Inject Frames frames;
  @Inject LicenseService licenses;
  @Context UriInfo uri;

  @GET
  public String list() {
    return page(null, FormErrors.NONE);
  }

  /** Answers with the page itself: the key is shown in this answer only (see TokenPages). */
  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response create(
      @RestForm String customer,
      @RestForm String allowedChannels,
      @RestForm String expires,
      @RestForm String blockedVersions,
      @RestForm String versionCeiling) {
    try {
      LicenseSummary created =
          licenses.create(
              new LicenseRequest(
                  customer,
                  FormValues.list(allowedChannels),
                  FormValues.endOfDay("expires", expires),
                  FormValues.list(blockedVersions),
                  FormValues.blankToNull(versionCeiling)));
      return Response.status(Response.Status.CREATED)
          .entity(page(created, FormErrors.NONE))
          .build();
    } catch (ProblemException e) {
      return Response.status(e.type().status()).entity(page(null, FormErrors.of(e))).build();
    } catch (ConstraintViolationException e) {
      return Response.status(ProblemType.VALIDATION_FAILED.status())
          .entity(page(null, FormErrors.of(e)))
          .build();
    }
  }

  @GET
  @Path("/{id}/revoke")
  public String confirmRevoke(@PathParam("id") long id) {
    return new ConfirmPage(
            frames.frame("licenses"),
            "Revoke license",
            "Revoke license " + id + "? Checks with its key are refused from now on (403).",
            "/console/licenses/" + id + "/revoke",
            "Revoke license",
            true,
            false,
            "/console/licenses",
            FormErrors.NONE)
        .render();
  }

  @POST
  @Path("/{id}/revoke")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response revoke(@PathParam("id") long id) {
    licenses
        .revoke(id)
        .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "no license " + id));
    return Redirects.to("/console/licenses", "Revoked license " + id + ".", uri);
  }

  private String page(LicenseSummary created, FormErrors errors) {
    return new LicensesPage(frames.frame("licenses"), licenses.list(), created, errors).render();
  }
}
