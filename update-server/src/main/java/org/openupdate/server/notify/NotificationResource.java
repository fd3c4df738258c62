package org.openupdate.server.notify;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.List;
import org.openupdate.server.admin.RequiresRole;
import org.openupdate.server.admin.Role;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;
import org.openupdate.server.secrets.SecretBox;

/** Subscriptions, delivery state and the sealing of an SMTP password; admins only. */
@Path("/api/v1/admin/notifications")
@RequiresRole(Role.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {

  @Inject Subscriptions subscriptions;
  @Inject Deliveries deliveries;
  @Inject SecretBox secrets;

  public record SealRequest(@NotBlank @Size(max = 500) String value) {}

  /** {@code sealed}: the value for {@code openupdate.notify.smtp.password}. */
  public record Sealed(String sealed) {}

  @POST
  @Path("/subscriptions")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response subscribe(@Valid @NotNull Subscriptions.SubscriptionRequest request) {
    return Response.status(Response.Status.CREATED).entity(subscriptions.create(request)).build();
  }

  @GET
  @Path("/subscriptions")
  public List<Subscriptions.SubscriptionView> subscriptions() {
    return subscriptions.list();
  }

  @DELETE
  @Path("/subscriptions/{id}")
  public Subscriptions.SubscriptionView unsubscribe(@PathParam("id") long id) {
    return subscriptions
        .delete(id)
        .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "no subscription " + id));
  }

  /** {@code state}: pending, delivered or dead (all when absent); newest first. */
  @GET
  @Path("/deliveries")
  public Deliveries.DeliveryPage deliveries(
      @QueryParam("state") String state, @QueryParam("limit") @DefaultValue("100") int limit)
      throws SQLException {
    return deliveries.page(state, limit);
  }

  @POST
  @Path("/deliveries/{id}/retry")
  public Deliveries.DeliveryView retry(@PathParam("id") long id) throws SQLException {
    return deliveries
        .retry(id)
        .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "no delivery " + id));
  }

  /**
   * Encrypts an SMTP password with the server's secrets key, so the configuration holds {@code
   * sealed:...} instead of the password. Opens only on servers with the same key.
   */
  @POST
  @Path("/seal")
  @Consumes(MediaType.APPLICATION_JSON)
  public Sealed seal(@Valid @NotNull SealRequest request) {
    return new Sealed("sealed:" + secrets.seal(EmailTarget.PASSWORD_PURPOSE, request.value()));
  }
}
