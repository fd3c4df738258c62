package org.openupdate.server.rollout;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.openupdate.server.check.SnapshotChanges;
import org.openupdate.server.check.SnapshotHolder;
import org.openupdate.server.license.ReleasePolicy;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;
import org.openupdate.server.release.ReleaseChanged;

/**
 * Reacts inside the publishing transaction: refuses a promotion to the soak target channel before
 * the release soaked long enough elsewhere (the exception rolls the promotion back), marks the
 * snapshot stale on every instance, and queues the published/pulled webhook for after commit.
 */
@ApplicationScoped
public class ReleaseChangeObserver {

  @Inject SnapshotChanges changes;
  @Inject SnapshotHolder snapshots;
  @Inject EntityManager entityManager;
  @Inject Clock clock;
  @Inject Event<RolloutEvent> events;

  void onChange(@Observes ReleaseChanged change) {
    if (change.kind() != ReleaseChanged.Kind.PULLED) {
      enforceSoak(change);
    }
    changes.bump("release " + change.kind());
    String event =
        change.kind() == ReleaseChanged.Kind.PULLED ? RolloutEvent.PULLED : RolloutEvent.PUBLISHED;
    events.fire(
        new RolloutEvent(
            event,
            change.product(),
            change.version(),
            change.channel(),
            null,
            null,
            null,
            clock.instant()));
  }

  private void enforceSoak(ReleaseChanged change) {
    ReleasePolicy policy = snapshots.current().policy(change.product());
    if (policy.minimumSoak().isZero() || !change.channel().equals(policy.soakTargetChannel())) {
      return;
    }
    List<?> earliest =
        entityManager
            .createNativeQuery(
                "select min(pub.published_at) from publications pub join releases r on r.id ="
                    + " pub.release_id join products p on p.id = r.product_id join channels c on"
                    + " c.id = pub.channel_id where p.name = ?1 and r.version = ?2 and c.name <> ?3")
            .setParameter(1, change.product())
            .setParameter(2, change.version())
            .setParameter(3, change.channel())
            .getResultList();
    Instant since = earliest.isEmpty() ? null : instant(earliest.get(0));
    Instant now = clock.instant();
    if (since == null || now.isBefore(since.plus(policy.minimumSoak()))) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "the release policy of '"
              + change.product()
              + "' requires "
              + policy.minimumSoak()
              + " on a lower channel before '"
              + change.channel()
              + "'; "
              + (since == null
                  ? "release " + change.version() + " was never on another channel"
                  : "release " + change.version() + " has soaked since " + since));
    }
  }

  private static Instant instant(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Instant i) {
      return i;
    }
    if (value instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    return ((Timestamp) value).toInstant();
  }
}
