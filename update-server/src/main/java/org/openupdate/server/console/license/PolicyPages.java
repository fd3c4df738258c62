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
import org.openupdate.server.console.license.PoliciesPage.ProductPolicy;
import org.openupdate.server.license.PolicyRequest;
import org.openupdate.server.license.PolicyService;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;
import org.openupdate.server.product.ProductService;

/** Release policies: everyone reads them, admins change them, as in the API. */
@Path("/console/policies")
@Produces(MediaType.TEXT_HTML)
public class PolicyPages {

  @Inject Frames frames;
  @Inject PolicyService policies;
  @Inject ProductService products;
  @Context UriInfo uri;

  @GET
  public String list() {
    return page(FormErrors.NONE);
  }

  @POST
  @Path("/{product}")
  @RequiresRole(Role.ADMIN)
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response put(
      @PathParam("product") String product,
      @RestForm boolean approvalRequired,
      @RestForm String minimumSoakMinutes,
      @RestForm String soakTargetChannel,
      @RestForm String blockedVersions,
      @RestForm String allowedChannels) {
    try {
      policies.put(
          product,
          new PolicyRequest(
              approvalRequired,
              minutes(minimumSoakMinutes),
              FormValues.blankToNull(soakTargetChannel),
              FormValues.list(blockedVersions),
              FormValues.list(allowedChannels)));
    } catch (ProblemException e) {
      return Response.status(e.type().status()).entity(page(FormErrors.of(e))).build();
    } catch (ConstraintViolationException e) {
      return Response.status(ProblemType.VALIDATION_FAILED.status())
          .entity(page(FormErrors.of(e)))
          .build();
    }
    return Redirects.to("/console/policies", "Saved the policy of " + product + ".", uri);
  }

  private String page(FormErrors errors) {
    return new PoliciesPage(
            frames.frame("policies"),
            products.list().stream()
                .map(p -> new ProductPolicy(p.name(), policies.get(p.name())))
                .toList(),
            errors)
        .render();
  }

  private static long minutes(String text) {
    String value = FormValues.blankToNull(text);
    if (value == null) {
      return 0;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ProblemException.invalidField(
          "minimumSoakMinutes", "must be a whole number of minutes, was '" + text + "'");
    }
  }
}
