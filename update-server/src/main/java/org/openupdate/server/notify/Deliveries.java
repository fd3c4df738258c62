package org.openupdate.server.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.openupdate.server.admin.AuditLog;
import org.openupdate.server.problem.ProblemException;

/** The delivery state admins read (API and console), and the hand retry of a dead delivery. */
@ApplicationScoped
public class Deliveries {

  public static final List<String> STATES = List.of("pending", "delivered", "dead");

  @Inject DataSource dataSource;
  @Inject Clock clock;
  @Inject AuditLog audit;

  /**
   * One delivery of one event to one subscription. {@code nextAttemptAt} only while pending; {@code
   * lastError} is what the target answered the last time it failed.
   */
  public record DeliveryView(
      long id,
      String eventId,
      String eventType,
      String product,
      Instant occurredAt,
      long subscriptionId,
      String kind,
      String state,
      int attempts,
      Instant nextAttemptAt,
      Instant deliveredAt,
      String lastError) {}

  /** Counts per state and the newest deliveries, newest first. */
  public record DeliveryPage(Map<String, Long> counts, List<DeliveryView> deliveries) {}

  /**
   * @param state null for every state, else one of {@link #STATES}
   * @param limit 1..500
   */
  public DeliveryPage page(String state, int limit) throws SQLException {
    if (state != null && !STATES.contains(state)) {
      throw ProblemException.invalidField(
          "state", "must be one of " + String.join(", ", STATES) + ", was '" + state + "'");
    }
    if (limit < 1 || limit > 500) {
      throw ProblemException.invalidField("limit", "must be 1..500, was " + limit);
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    STATES.forEach(s -> counts.put(s, 0L));
    List<DeliveryView> deliveries = new ArrayList<>();
    try (Connection connection = dataSource.getConnection()) {
      try (PreparedStatement statement =
              connection.prepareStatement(
                  "select state, count(*) from notify_deliveries group by state");
          ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          counts.put(rs.getString(1), rs.getLong(2));
        }
      }
      deliveries.addAll(
          state == null
              ? query(connection, "", limit)
              : query(connection, " where d.state = ?", limit, state));
    }
    return new DeliveryPage(counts, deliveries);
  }

  /** A dead delivery becomes pending again, due now, with a fresh count of attempts. */
  @Transactional
  public Optional<DeliveryView> retry(long id) throws SQLException {
    int changed;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "update notify_deliveries set state = 'pending', attempts = 0,"
                    + " next_attempt_at = ?, lease_owner = null, lease_until = null"
                    + " where id = ? and state = 'dead'")) {
      update.setTimestamp(1, Timestamp.from(clock.instant()));
      update.setLong(2, id);
      changed = update.executeUpdate();
    }
    Optional<DeliveryView> found = find(id);
    if (changed == 1) {
      audit.record("notification.retry", "delivery:" + id, null, found.orElse(null));
    } else if (found.isPresent()) {
      throw new ProblemException(
          org.openupdate.server.problem.ProblemType.CONFLICT,
          "only a dead delivery can be retried; delivery " + id + " is " + found.get().state());
    }
    return found;
  }

  private Optional<DeliveryView> find(long id) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return query(connection, " where d.id = ?", 1, id).stream().findFirst();
    }
  }

  private static List<DeliveryView> query(
      Connection connection, String where, int limit, Object... parameters) throws SQLException {
    List<DeliveryView> deliveries = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "select d.id, e.id, e.event_type, e.product, e.created_at, d.subscription_id,"
                + " s.kind, d.state, d.attempts, d.next_attempt_at, d.delivered_at,"
                + " d.last_error from notify_deliveries d"
                + " join notify_events e on e.id = d.event_id"
                + " left join notify_subscriptions s on s.id = d.subscription_id"
                + where
                + " order by d.id desc fetch first ? rows only")) {
      int i = 1;
      for (Object parameter : parameters) {
        statement.setObject(i++, parameter);
      }
      statement.setInt(i, limit);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          String rowState = rs.getString(8);
          deliveries.add(
              new DeliveryView(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  instant(rs.getTimestamp(5)),
                  rs.getLong(6),
                  rs.getString(7),
                  rowState,
                  rs.getInt(9),
                  "pending".equals(rowState) ? instant(rs.getTimestamp(10)) : null,
                  instant(rs.getTimestamp(11)),
                  rs.getString(12)));
        }
      }
    }
    return deliveries;
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
