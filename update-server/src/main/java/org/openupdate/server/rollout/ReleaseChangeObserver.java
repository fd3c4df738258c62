package org.openupdate.server.rollout;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.openupdate.manifest.ManifestJson;
import org.openupdate.manifest.ReleaseManifest;
import org.openupdate.server.check.SnapshotChanges;
import org.openupdate.server.check.SnapshotHolder;
import org.openupdate.server.license.ReleasePolicy;
import org.openupdate.server.notify.EventData;
import org.openupdate.server.notify.Outbox;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;
import org.openupdate.server.release.ReleaseChanged;

/**
 * Reacts inside the publishing transaction: refuses a promotion to the soak target channel before
 * the release soaked long enough elsewhere (the exception rolls the promotion back), marks the
 * snapshot stale on every instance, and records the published/pulled (and approval-requested)
 * notifications in the same transaction.
 */
@ApplicationScoped
public class ReleaseChangeObserver {

  @Inject SnapshotChanges changes;
  @Inject SnapshotHolder snapshots;
  @Inject EntityManager entityManager;
  @Inject Clock clock;
  @Inject Outbox outbox;

  void onChange(@Observes ReleaseChanged change) {
    if (change.kind() != ReleaseChanged.Kind.PULLED) {
      enforceSoak(change);
    }
    changes.bump("release " + change.kind());
    if (change.kind() == ReleaseChanged.Kind.PULLED) {
      outbox.record(
          change.product(),
          new EventData.Pulled(
              change.version(),
              change.channel(),
              change.reason().orElse(null),
              change.recallTarget().orElse(null)));
      return;
    }
    ReleaseManifest manifest = manifest(change);
    RolloutPlanView first = firstStage(change);
    outbox.record(
        change.product(),
        new EventData.Published(
            change.version(),
            change.channel(),
            manifest.mandatory(),
            manifest.releaseNotesUrl(),
            manifest.changelog(),
            first.percentage()));
    if (snapshots.current().policy(change.product()).approvalRequired()) {
      outbox.record(
          change.product(),
          new EventData.ApprovalRequested(change.version(), change.channel(), first.publishedBy()));
    }
  }

  private record RolloutPlanView(Integer percentage, String publishedBy) {}

  /** The new publication's first stage and publisher, as the rollout starts from them. */
  private RolloutPlanView firstStage(ReleaseChanged change) {
    List<?> rows =
        entityManager
            .createNativeQuery(
                "select pub.rollout_plan, pub.published_by from publications pub join releases r"
                    + " on r.id = pub.release_id join products p on p.id = r.product_id join"
                    + " channels c on c.id = pub.channel_id where p.name = ?1 and r.version = ?2"
                    + " and c.name = ?3")
            .setParameter(1, change.product())
            .setParameter(2, change.version())
            .setParameter(3, change.channel())
            .getResultList();
    if (rows.isEmpty()) {
      return new RolloutPlanView(null, null);
    }
    Object[] row = (Object[]) rows.get(0);
    RolloutPlan plan = RolloutPlanJson.parse((String) row[0]);
    return new RolloutPlanView(plan.stage(0).percentage(), (String) row[1]);
  }

  private ReleaseManifest manifest(ReleaseChanged change) {
    byte[] bytes =
        (byte[])
            entityManager
                .createNativeQuery(
                    "select r.manifest from releases r join products p on p.id = r.product_id"
                        + " where p.name = ?1 and r.version = ?2")
                .setParameter(1, change.product())
                .setParameter(2, change.version())
                .getSingleResult();
    return ManifestJson.read(bytes, ReleaseManifest.class);
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
