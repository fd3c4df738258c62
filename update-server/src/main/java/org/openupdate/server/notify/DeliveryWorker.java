package org.openupdate.server.notify;

import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Sends what the {@link Outbox} recorded. Each instance claims due deliveries with a conditional
 * update that only one instance can win (plain SQL, the same on H2 and PostgreSQL): the row gets
 * the instance as {@code lease_owner} until {@code lease_until}. Nobody else touches it meanwhile;
 * a lease that runs out (the instance died mid-send) makes it due again, so delivery is at least
 * once, and receivers drop repeats by event id. Failures wait {@link Backoff} and become {@code
 * dead} after {@code openupdate.notify.max-attempts}.
 */
@ApplicationScoped
public class DeliveryWorker {

  private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);

  /** This process, as lease owner. */
  private final String instance = "instance-" + UUID.randomUUID();

  private final ExecutorService senders =
      Executors.newFixedThreadPool(
          4,
          runnable -> {
            Thread thread = new Thread(runnable, "notify-sender");
            thread.setDaemon(true);
            return thread;
          });

  @Inject DataSource dataSource;
  @Inject Clock clock;
  @Inject NotifyConfig config;
  @Inject Targets targets;

  /** A claimed delivery with what sending it needs. */
  record Claimed(
      long id,
      int attempt,
      String eventId,
      String eventType,
      String body,
      Instant occurredAt,
      Target.Subscriber subscriber) {}

  @Scheduled(
      every = "${openupdate.notify.poll-interval:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    if (!config.deliver()) {
      return;
    }
    try {
      runOnce(instance);
    } catch (SQLException | RuntimeException e) {
      LOG.warnf("notification delivery failed, retried at the next poll: %s", e.getMessage());
    }
  }

  /** Claims, sends and records one batch as {@code owner}; returns how many were claimed. */
  int runOnce(String owner) throws SQLException {
    List<Claimed> claimed = claim(owner);
    // Side by side, so that one slow target (each wait bounded) does not hold up the others.
    List<Future<Outcome>> outcomes = new ArrayList<>();
    for (Claimed delivery : claimed) {
      outcomes.add(senders.submit(() -> send(delivery)));
    }
    for (int i = 0; i < claimed.size(); i++) {
      complete(owner, claimed.get(i), outcome(outcomes.get(i)));
    }
    return claimed.size();
  }

  private static Outcome outcome(Future<Outcome> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome("interrupted");
    } catch (ExecutionException e) {
      return new Outcome(String.valueOf(e.getCause()));
    }
  }

  @PreDestroy
  void stop() {
    senders.shutdownNow();
  }

  /** What one attempt came to; {@code error} is null on success. */
  record Outcome(String error) {
    static final Outcome SENT = new Outcome(null);
  }

  Outcome send(Claimed delivery) {
    if (delivery.subscriber() == null) {
      return new Outcome("the subscription was deleted");
    }
    try {
      targets.send(delivery);
      return Outcome.SENT;
    } catch (DeliveryException | RuntimeException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      LOG.debugf("delivery %d of %s failed: %s", delivery.id(), delivery.eventId(), message);
      return new Outcome(message);
    }
  }

  /** Due deliveries this owner won; every other instance's claim on them failed. */
  List<Claimed> claim(String owner) throws SQLException {
    Instant now = clock.instant();
    Timestamp nowTs = Timestamp.from(now);
    List<Long> candidates = new ArrayList<>();
    try (Connection connection = dataSource.getConnection()) {
      try (PreparedStatement select =
          connection.prepareStatement(
              "select id from notify_deliveries where state = 'pending' and next_attempt_at <= ?"
                  + " and (lease_until is null or lease_until < ?)"
                  + " order by next_attempt_at, id fetch first ? rows only")) {
        select.setTimestamp(1, nowTs);
        select.setTimestamp(2, nowTs);
        select.setInt(3, config.batchSize());
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            candidates.add(rs.getLong(1));
          }
        }
      }
      List<Long> won = new ArrayList<>();
      try (PreparedStatement update =
          connection.prepareStatement(
              "update notify_deliveries set lease_owner = ?, lease_until = ?,"
                  + " attempts = attempts + 1 where id = ? and state = 'pending'"
                  + " and next_attempt_at <= ? and (lease_until is null or lease_until < ?)")) {
        for (long id : candidates) {
          update.setString(1, owner);
          update.setTimestamp(2, Timestamp.from(now.plus(config.lease())));
          update.setLong(3, id);
          update.setTimestamp(4, nowTs);
          update.setTimestamp(5, nowTs);
          if (update.executeUpdate() == 1) {
            won.add(id);
          }
        }
      }
      List<Claimed> claimed = new ArrayList<>();
      for (long id : won) {
        claimed.add(load(connection, id));
      }
      return claimed;
    }
  }

  private Claimed load(Connection connection, long id) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "select d.attempts, e.id, e.event_type, e.body, e.created_at, s.id, s.kind,"
                + " s.address, s.address_sealed, s.secret, s.secret_sealed"
                + " from notify_deliveries d join notify_events e on e.id = d.event_id"
                + " left join notify_subscriptions s on s.id = d.subscription_id where d.id = ?")) {
      statement.setLong(1, id);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        Target.Subscriber subscriber =
            rs.getObject(6) == null
                ? null
                : targets.subscriber(
                    rs.getLong(6),
                    rs.getString(7),
                    rs.getString(8),
                    rs.getBoolean(9),
                    rs.getString(10),
                    rs.getBoolean(11));
        return new Claimed(
            id,
            rs.getInt(1),
            rs.getString(2),
            rs.getString(3),
            rs.getString(4),
            rs.getTimestamp(5).toInstant(),
            subscriber);
      }
    }
  }

  /** Records the outcome, unless the lease ran out and another instance owns the row now. */
  void complete(String owner, Claimed delivery, Outcome outcome) throws SQLException {
    Instant now = clock.instant();
    try (Connection connection = dataSource.getConnection()) {
      if (outcome.error() == null) {
        try (PreparedStatement update =
            connection.prepareStatement(
                "update notify_deliveries set state = 'delivered', delivered_at = ?,"
                    + " lease_owner = null, lease_until = null, last_error = null"
                    + " where id = ? and lease_owner = ?")) {
          update.setTimestamp(1, Timestamp.from(now));
          update.setLong(2, delivery.id());
          update.setString(3, owner);
          update.executeUpdate();
        }
        return;
      }
      boolean dead = delivery.attempt() >= config.maxAttempts() || delivery.subscriber() == null;
      Duration wait =
          Backoff.after(delivery.attempt(), config.backoffInitial(), config.backoffMax());
      try (PreparedStatement update =
          connection.prepareStatement(
              "update notify_deliveries set state = ?, next_attempt_at = ?, lease_owner = null,"
                  + " lease_until = null, last_error = ? where id = ? and lease_owner = ?")) {
        update.setString(1, dead ? "dead" : "pending");
        update.setTimestamp(2, Timestamp.from(now.plus(wait)));
        update.setString(3, truncate(outcome.error()));
        update.setLong(4, delivery.id());
        update.setString(5, owner);
        update.executeUpdate();
      }
      if (dead) {
        LOG.warnf(
            "notification %s (%s) to subscription %s is dead after %d attempts: %s",
            delivery.eventId(),
            delivery.eventType(),
            delivery.subscriber() == null ? "deleted" : delivery.subscriber().id(),
            delivery.attempt(),
            outcome.error());
      }
    }
  }

  private static String truncate(String text) {
    return text.length() <= 1000 ? text : text.substring(0, 997) + "...";
  }
}
