package org.openupdate.server.console.fleet;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.List;
import org.openupdate.server.channel.ChannelService;
import org.openupdate.server.console.FormValues;
import org.openupdate.server.console.Frames;
import org.openupdate.server.console.fleet.FleetListPage.FleetQuery;
import org.openupdate.server.fleet.FleetFilter;
import org.openupdate.server.fleet.FleetService;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;
import org.openupdate.server.product.ProductService;
import org.openupdate.server.status.AdoptionHistory;

/** The fleet read path (FleetService, as the API's /api/v1/admin/fleet) as pages. */
@Path("/console/fleet")
@Produces(MediaType.TEXT_HTML)
public class FleetPages {

  private static final int MACHINE_REPORTS = 100;
  private static final int ADOPTION_DAYS = 30;
  private static final List<String> STATES = List.of("current", "behind", "on-pulled", "stale");

  @Inject Frames frames;
  @Inject FleetService fleet;
  @Inject ProductService products;
  @Inject ChannelService channels;
  @Inject AdoptionHistory adoption;

  @GET
  public String list(
      @QueryParam("product") String product,
      @QueryParam("channel") String channel,
      @QueryParam("version") String version,
      @QueryParam("state") String state,
      @QueryParam("platform") String platform,
      @QueryParam("q") String q,
      @QueryParam("cursor") String cursor)
      throws SQLException {
    FleetQuery query =
        new FleetQuery(
            FormValues.blankToNull(product),
            FormValues.blankToNull(channel),
            FormValues.blankToNull(version),
            FormValues.blankToNull(state),
            FormValues.blankToNull(platform),
            FormValues.blankToNull(q));
    FleetFilter filter =
        FleetFilter.parse(
            query.product(),
            query.channel(),
            query.version(),
            query.state(),
            query.platform(),
            query.q(),
            FormValues.blankToNull(cursor),
            null);
    return new FleetListPage(
            frames.frame("fleet"),
            query,
            products.list().stream().map(ProductService.ProductView::name).toList(),
            channels.list().stream().map(ChannelService.ChannelView::name).toList(),
            STATES,
            fleet.summary(query.product()),
            query.product() == null
                ? null
                : AdoptionChart.of(adoption.of(query.product(), ADOPTION_DAYS)),
            fleet.page(filter))
        .render();
  }

  @GET
  @Path("/{clientId}")
  public String machine(@PathParam("clientId") String clientId) throws SQLException {
    return new MachinePage(
            frames.frame("fleet"),
            fleet
                .machine(clientId, null, MACHINE_REPORTS)
                .orElseThrow(
                    () ->
                        new ProblemException(
                            ProblemType.NOT_FOUND,
                            "no client '"
                                + clientId
                                + "': never seen by the check and no report from it")))
        .render();
  }
}
