package org.openupdate.server.rollout;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Automatic advance and halt: run after each batch of status reports for the rollouts it touched,
 * and on a timer for all, so a stage whose minimum duration ends without new reports still
 * advances.
 */
@ApplicationScoped
public class RolloutEvaluator {

  private static final Logger LOG = Logger.getLogger(RolloutEvaluator.class);

  @Inject DataSource dataSource;
  @Inject RolloutService rollouts;
  @Inject Clock clock;

  /** Identifies a rollout by what status reports carry. */
  public record Key(String product, String version, String channel) {}

  public void evaluate(Collection<Key> touched) {
    List<RolloutView> due =
        rollouts.active().stream()
            .filter(r -> touched.contains(new Key(r.product(), r.version(), r.channel())))
            .toList();
    evaluateAll(due);
  }

  @Scheduled(
      every = "${openupdate.rollout.evaluate-interval:60s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void evaluateActive() {
    evaluateAll(rollouts.active());
  }

  private void evaluateAll(List<RolloutView> due) {
    for (RolloutView rollout : due) {
      try {
        StageEvaluator.Verdict verdict =
            StageEvaluator.evaluate(
                rollout.plan(),
                rollout.stageIndex(),
                rollout.stageStartedAt(),
                stats(rollout),
                clock.instant());
        if (verdict.kind() != StageEvaluator.Verdict.Kind.HOLD) {
          rollouts.applyVerdict(rollout, verdict);
        }
      } catch (SQLException | RuntimeException e) {
        // One broken rollout must not stop the others from being evaluated.
        LOG.warnf(
            "evaluating rollout %s %s on %s failed: %s",
            rollout.product(), rollout.version(), rollout.channel(), e.getMessage());
      }
    }
  }

  /**
   * Attempts that started in the current stage (after its start, so a resumed stage starts clean).
   */
  public StageStats stats(RolloutView rollout) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "select count(*),"
                    + " coalesce(sum(case when outcome = 'completed' then 1 else 0 end), 0),"
                    + " coalesce(sum(case when outcome = 'failed' then 1 else 0 end), 0),"
                    + " coalesce(sum(case when outcome = 'rolled-back' then 1 else 0 end), 0)"
                    + " from update_attempts where product = ? and version = ? and channel = ?"
                    + " and stage_index = ? and started_at >= ?")) {
      statement.setString(1, rollout.product());
      statement.setString(2, rollout.version());
      statement.setString(3, rollout.channel());
      statement.setInt(4, rollout.stageIndex());
      statement.setTimestamp(5, Timestamp.from(rollout.stageStartedAt()));
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return new StageStats(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
      }
    }
  }
}
