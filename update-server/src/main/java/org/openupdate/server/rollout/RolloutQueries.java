package org.openupdate.server.rollout;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;
import org.openupdate.manifest.Version;

/** How rollouts stand, with their current stage's counts: for the API and the console alike. */
@ApplicationScoped
public class RolloutQueries {

  @Inject RolloutService rollouts;
  @Inject RolloutEvaluator evaluator;
  @Inject DataSource dataSource;

  public RolloutStatus status(String product, String version, String channel) throws SQLException {
    return status(rollouts.find(product, version, channel));
  }

  /** The live rollouts of one release, by channel name. */
  public List<RolloutStatus> ofRelease(String product, String version) throws SQLException {
    return statuses(
        rollouts.ofProduct(product).stream().filter(r -> r.version().equals(version)).toList());
  }

  /** The product's rollouts not yet at everyone or not running, newest version first. */
  public List<RolloutStatus> inProgress(String product) throws SQLException {
    return statuses(rollouts.ofProduct(product)).stream()
        .filter(RolloutStatus::inProgress)
        .toList();
  }

  RolloutStatus status(RolloutView view) throws SQLException {
    return new RolloutStatus(
        view.product(),
        view.version(),
        view.channel(),
        view.state(),
        view.stageIndex(),
        view.percentage(),
        view.stageStartedAt(),
        PlanBody.of(view.plan()),
        evaluator.stats(view),
        refused(view),
        RolloutAction.available(view.state(), view.plan().isLastStage(view.stageIndex())));
  }

  private long refused(RolloutView view) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "select count(*) from status_reports where product = ? and status = 'refused'"
                    + " and version = ? and channel = ?")) {
      statement.setString(1, view.product());
      statement.setString(2, view.version());
      statement.setString(3, view.channel());
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private List<RolloutStatus> statuses(List<RolloutView> views) throws SQLException {
    List<RolloutView> sorted =
        views.stream()
            .sorted(
                Comparator.comparing((RolloutView r) -> Version.parse(r.version()))
                    .reversed()
                    .thenComparing(RolloutView::channel))
            .toList();
    List<RolloutStatus> out = new ArrayList<>();
    for (RolloutView view : sorted) {
      out.add(status(view));
    }
    return out;
  }
}
