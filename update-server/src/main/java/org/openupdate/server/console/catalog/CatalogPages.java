package org.openupdate.server.console.catalog;

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
import org.jboss.resteasy.reactive.RestForm;
import org.openupdate.server.channel.ChannelService;
import org.openupdate.server.console.FormErrors;
import org.openupdate.server.console.FormValues;
import org.openupdate.server.console.Frames;
import org.openupdate.server.console.Redirects;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.product.ProductService;

/** Products and channels, listed for everyone, created by publishers, as in the API. */
@Path("/console/catalog")
@Produces(MediaType.TEXT_HTML)
public class CatalogPages {

  @Inject Frames frames;
  @Inject ProductService products;
  @Inject ChannelService channels;
  @Context UriInfo uri;

  @GET
  public String catalog() {
    return page(FormErrors.NONE);
  }

  @POST
  @Path("/products")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response createProduct(@RestForm String name, @RestForm String description) {
    try {
      products.create(FormValues.blankToNull(name), FormValues.blankToNull(description));
    } catch (ProblemException e) {
      return Response.status(e.type().status()).entity(page(FormErrors.of(e))).build();
    }
    return Redirects.to("/console/catalog", "Created product " + name.strip() + ".", uri);
  }

  @POST
  @Path("/channels")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response createChannel(
      @RestForm String name, @RestForm String follows, @RestForm String description) {
    try {
      channels.create(
          FormValues.blankToNull(name),
          FormValues.blankToNull(follows),
          FormValues.blankToNull(description));
    } catch (ProblemException e) {
      return Response.status(e.type().status()).entity(page(FormErrors.of(e))).build();
    }
    return Redirects.to("/console/catalog", "Created channel " + name.strip() + ".", uri);
  }

  private String page(FormErrors errors) {
    return new CatalogPage(frames.frame("catalog"), products.list(), channels.list(), errors)
        .render();
  }
}
