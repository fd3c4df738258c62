package org.openupdate.server.console.overview;

import io.quarkus.qute.TemplateInstance;
import java.util.List;
import org.openupdate.server.console.Frame;
import org.openupdate.server.release.ReleaseViews.ChannelHead;
import org.openupdate.server.rollout.RolloutStatus;

/** Per product: each channel's head release, the rollouts under way, and what needs acting on. */
public record OverviewPage(Frame frame, List<Alert> alerts, List<ProductOverview> products)
    implements TemplateInstance {

  public record ProductOverview(
      String name, List<ChannelHead> heads, List<RolloutStatus> rollouts, FleetTotals fleet) {}

  /**
   * The product's clients on every channel and how they stand.
   *
   * @param upToDate share of all its clients (stale ones included) that run their channel's head
   */
  public record FleetTotals(
      long clients, long current, long behind, long onPulled, long stale, Double upToDate) {}

  /** Something worth acting on, with the page where a person acts. */
  public record Alert(String text, String href) {}
}
