package org.openupdate.server.product;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.openupdate.server.problem.ProblemException;

@Path("/api/v1/admin/products")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProductResource {

  /** {@code name} is checked by the service, with the schema's rule for product names. */
  public record NewProduct(String name, @Size(max = 500) String description) {}

  @Inject ProductService products;

  @GET
  public List<ProductService.ProductView> list() {
    return products.list();
  }

  @POST
  public Response create(@Valid NewProduct request) {
    if (request == null) {
      throw ProblemException.invalidField("body", "a JSON object with a name is required");
    }
    return Response.status(Response.Status.CREATED)
        .entity(products.create(request.name(), request.description()))
        .build();
  }
}
