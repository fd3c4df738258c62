package org.openupdate.server.notify;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.openupdate.manifest.ManifestJson;

/**
 * Records notification events. {@link #record} joins the caller's transaction, so an event exists
 * exactly when the change that caused it committed; one pending delivery per matching subscription
 * is written with it, and the {@link DeliveryWorker} sends them later. Nothing here does I/O beyond
 * the database, so a dead receiver never slows the change.
 */
@ApplicationScoped
public class Outbox {

  private static final Logger LOG = Logger.getLogger(Outbox.class);

  @Inject EntityManager entityManager;
  @Inject Clock clock;

  /**
   * The JSON every target starts from (schema {@code notification-event.schema.json}). {@code id}
   * is stable across retries: receivers drop a second delivery of the same id.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Event(String id, String type, Instant occurredAt, String product, Object data) {}

  /** Records the event in the current transaction (there must be one). */
  @Transactional(Transactional.TxType.MANDATORY)
  public Event record(String product, EventData data) {
    return insert(data.type(), product, data, null);
  }

  /**
   * Records an event a watcher raised, in a transaction of its own, unless an event with the same
   * key exists (raised before, or by another instance at the same moment).
   *
   * @return false when the key was taken
   */
  public boolean recordOnce(String product, String dedupeKey, EventData data) {
    try {
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                if (!entityManager
                    .createNativeQuery("select id from notify_events where dedupe_key = ?1")
                    .setParameter(1, dedupeKey)
                    .getResultList()
                    .isEmpty()) {
                  throw new AlreadyRaised();
                }
                insert(data.type(), product, data, dedupeKey);
              });
      return true;
    } catch (AlreadyRaised e) {
      return false;
    } catch (PersistenceException e) {
      // The unique key: another instance raised it between our look and our insert.
      LOG.debugf("event %s already raised: %s", dedupeKey, e.getMessage());
      return false;
    }
  }

  private static final class AlreadyRaised extends RuntimeException {
    AlreadyRaised() {
      super(null, null, false, false);
    }
  }

  private Event insert(EventType type, String product, Object data, String dedupeKey) {
    Instant now = clock.instant();
    Event event = new Event(UUID.randomUUID().toString(), type.typeName(), now, product, data);
    String body = new String(ManifestJson.write(event), StandardCharsets.UTF_8);
    entityManager
        .createNativeQuery(
            "insert into notify_events (id, event_type, product, body, dedupe_key, created_at)"
                + " values (?1, ?2, ?3, ?4, ?5, ?6)")
        .setParameter(1, event.id())
        .setParameter(2, type.typeName())
        .setParameter(3, product)
        .setParameter(4, body)
        .setParameter(5, dedupeKey)
        .setParameter(6, now)
        .executeUpdate();
    List<Subscription> subscriptions = Subscription.listAll();
    for (Subscription subscription : subscriptions) {
      if (subscription.wants(type, product)) {
        entityManager
            .createNativeQuery(
                "insert into notify_deliveries (event_id, subscription_id, state, attempts,"
                    + " next_attempt_at, created_at) values (?1, ?2, 'pending', 0, ?3, ?3)")
            .setParameter(1, event.id())
            .setParameter(2, subscription.id)
            .setParameter(3, now)
            .executeUpdate();
      }
    }
    return event;
  }
}
