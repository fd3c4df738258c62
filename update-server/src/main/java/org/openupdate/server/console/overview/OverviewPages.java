package org.openupdate.server.console.overview;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.openupdate.server.console.Frames;
import org.openupdate.server.console.overview.OverviewPage.Alert;
import org.openupdate.server.console.overview.OverviewPage.FleetTotals;
import org.openupdate.server.console.overview.OverviewPage.ProductOverview;
import org.openupdate.server.fleet.FleetService;
import org.openupdate.server.fleet.FleetViews;
import org.openupdate.server.fleet.FleetViews.FleetSummary;
import org.openupdate.server.product.ProductService;
import org.openupdate.server.release.ReleaseQueries;
import org.openupdate.server.release.ReleaseViews.ChannelHead;
import org.openupdate.server.rollout.RolloutQueries;
import org.openupdate.server.rollout.RolloutStatus;

/** Gathers the overview from the services the API uses; the rules stay in those services. */
@ApplicationScoped
public class OverviewPages {

  @Inject Frames frames;
  @Inject ProductService products;
  @Inject ReleaseQueries releases;
  @Inject RolloutQueries rollouts;
  @Inject FleetService fleet;

  public String page() throws SQLException {
    List<ProductOverview> overviews = new ArrayList<>();
    List<Alert> alerts = new ArrayList<>();
    for (ProductService.ProductView product : products.list()) {
      List<ChannelHead> heads = releases.heads(product.name());
      List<RolloutStatus> moving = rollouts.inProgress(product.name());
      FleetTotals totals = totals(fleet.summary(product.name()));
      overviews.add(new ProductOverview(product.name(), heads, moving, totals));
      if (totals.onPulled() > 0) {
        alerts.add(
            new Alert(
                totals.onPulled()
                    + " client(s) of "
                    + product.name()
                    + " run a pulled release: recall them or publish a fix.",
                "/console/fleet?product=" + product.name() + "&state=on-pulled"));
      }
      if (totals.stale() > 0) {
        alerts.add(
            new Alert(
                totals.stale()
                    + " client(s) of "
                    + product.name()
                    + " have not checked for updates for a while (stale).",
                "/console/fleet?product=" + product.name() + "&state=stale"));
      }
      for (RolloutStatus r : moving) {
        if (r.halted()) {
          alerts.add(
              new Alert(
                  "Rollout of "
                      + r.product()
                      + " "
                      + r.version()
                      + " on "
                      + r.channel()
                      + " is halted: resume it or pull the release.",
                  releasePath(r.product(), r.version())));
        }
      }
      for (ChannelHead head : heads) {
        if (head.expiresSoon()) {
          alerts.add(
              new Alert(
                  "The manifest of "
                      + product.name()
                      + " "
                      + head.version()
                      + " on "
                      + head.channel()
                      + " expires "
                      + head.expires()
                      + ": agents refuse it then; publish a new release.",
                  releasePath(product.name(), head.version())));
        }
      }
    }
    return new OverviewPage(frames.frame("overview"), alerts, overviews).render();
  }

  private static FleetTotals totals(FleetSummary summary) {
    long clients = 0;
    long current = 0;
    long behind = 0;
    long onPulled = 0;
    long stale = 0;
    for (FleetViews.ChannelSummary channel : summary.channels()) {
      clients += channel.clients();
      current += channel.drift().current();
      behind += channel.drift().behind();
      onPulled += channel.drift().onPulled();
      stale += channel.drift().stale();
    }
    return new FleetTotals(
        clients,
        current,
        behind,
        onPulled,
        stale,
        clients == 0 ? null : (double) current / clients);
  }

  static String releasePath(String product, String version) {
    return "/console/releases/" + product + "/" + version;
  }
}
