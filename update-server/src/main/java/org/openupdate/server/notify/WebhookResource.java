package org.openupdate.server.notify;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.openupdate.server.admin.RequiresRole;
import org.openupdate.server.admin.Role;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;

/**
 * The webhook API from before subscriptions, kept as it was: a webhook is a subscription of kind
 * {@code webhook} to every event of every product.
 */
@Path("/api/v1/admin/webhooks")
@RequiresRole(Role.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {

  @Inject Subscriptions subscriptions;

  /** A receiver as admins see it; the secret is never served back. */
  public record Receiver(long id, String url) {}

  /** {@code secret}: the HMAC key receivers check signatures with. */
  public record Registration(
      @NotBlank @Size(max = 2000) String url,
      @NotNull @Size(min = 16, max = 200, message = "must be 16 to 200 characters")
          String secret) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response register(@Valid @NotNull Registration registration) {
    Subscriptions.SubscriptionView view;
    try {
      view =
          subscriptions.create(
              new Subscriptions.SubscriptionRequest(
                  "webhook", registration.url(), registration.secret(), null, null));
    } catch (ProblemException e) {
      // The field is 'url' here, 'address' in the subscriptions API.
      throw rename(e);
    }
    return Response.status(Response.Status.CREATED)
        .entity(new Receiver(view.id(), view.address()))
        .build();
  }

  @GET
  public List<Receiver> list() {
    return subscriptions.list().stream()
        .filter(s -> s.kind().equals(TargetKind.WEBHOOK.json()))
        .map(s -> new Receiver(s.id(), s.address()))
        .toList();
  }

  @DELETE
  @Path("/{id}")
  public Receiver delete(@PathParam("id") long id) {
    return subscriptions
        .delete(id, TargetKind.WEBHOOK)
        .map(s -> new Receiver(s.id(), s.address()))
        .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "no webhook " + id));
  }

  private static ProblemException rename(ProblemException e) {
    if (e.errors().stream().noneMatch(f -> "address".equals(f.field()))) {
      return e;
    }
    return ProblemException.invalidField("url", e.errors().get(0).message());
  }
}
