package org.openupdate.server.console.notify;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import org.openupdate.server.admin.RequiresRole;
import org.openupdate.server.admin.Role;
import org.openupdate.server.console.Frames;
import org.openupdate.server.console.Redirects;
import org.openupdate.server.notify.Deliveries;
import org.openupdate.server.notify.Subscriptions;

/** Notifications, for admins as in the API: subscriptions and the delivery state of the outbox. */
@Path("/console/notifications")
@Produces(MediaType.TEXT_HTML)
@RequiresRole(Role.ADMIN)
public class NotificationPages {

  private static final int SHOWN = 100;

  @Inject Frames frames;
  @Inject Subscriptions subscriptions;
  @Inject Deliveries deliveries;
  @Context UriInfo uri;

  @GET
  public String show(@QueryParam("state") String state) throws SQLException {
    String shown = Deliveries.STATES.contains(state) ? state : null;
    return new NotificationsPage(
            frames.frame("notifications"),
            subscriptions.list(),
            deliveries.page(shown, SHOWN),
            Deliveries.STATES,
            shown)
        .render();
  }

  @POST
  @Path("/deliveries/{id}/retry")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response retry(@PathParam("id") long id) throws SQLException {
    String flash =
        deliveries
            .retry(id)
            .map(d -> "Delivery " + id + " of " + d.eventType() + " is due again.")
            .orElse("There is no delivery " + id + ".");
    return Redirects.to("/console/notifications?state=pending", flash, uri);
  }
}
