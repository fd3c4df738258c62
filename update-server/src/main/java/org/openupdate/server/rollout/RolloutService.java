package org.openupdate.server.rollout;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openupdate.server.admin.AuditLog;
import org.openupdate.server.admin.CurrentActor;
import org.openupdate.server.check.CheckSnapshot;
import org.openupdate.server.check.SnapshotChanges;
import org.openupdate.server.check.SnapshotHolder;
import org.openupdate.server.fleet.ReleaseFailuresService;
import org.openupdate.server.notify.EventData;
import org.openupdate.server.notify.EventType;
import org.openupdate.server.notify.Outbox;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;

/**
 * Moves rollouts: manual pause, resume, advance, halt and approval, and the automatic verdicts of
 * the {@link RolloutEvaluator}. Every change is audit-logged, bumps the snapshot counter and, where
 * the design asks, records a notification in the same transaction.
 */
@ApplicationScoped
public class RolloutService {

  private static final int TOP_FAILURES = 5;

  @Inject EntityManager entityManager;
  @Inject SnapshotHolder snapshots;
  @Inject SnapshotChanges changes;
  @Inject AuditLog audit;
  @Inject Clock clock;
  @Inject Outbox outbox;
  @Inject ReleaseFailuresService failures;

  /** The rollout of a release on a channel, from the current snapshot. */
  public RolloutView find(String product, String version, String channel) {
    long publicationId = publicationId(product, version, channel);
    RolloutView view = snapshots.current().rollouts().get(publicationId);
    if (view == null) {
      throw new ProblemException(
          ProblemType.NOT_FOUND,
          "release " + version + " of '" + product + "' is not live on channel '" + channel + "'");
    }
    return view;
  }

  @Transactional
  public RolloutView pause(String product, String version, String channel) {
    return change(
        product,
        version,
        channel,
        "rollout.pause",
        r -> {
          require(r, RolloutAction.PAUSE, RolloutState.ACTIVE, "pause");
          r.state = RolloutState.PAUSED;
          return null;
        });
  }

  @Transactional
  public RolloutView resume(String product, String version, String channel) {
    return change(
        product,
        version,
        channel,
        "rollout.resume",
        r -> {
          if (!RolloutAction.RESUME.allowed(r.state, atLastStage(r))) {
            throw conflict("only a paused or halted rollout can be resumed; it is " + r.state);
          }
          r.state = RolloutState.ACTIVE;
          // The stage's clock restarts: reports from before the halt do not count twice.
          r.stageStartedAt = clock.instant();
          return null;
        });
  }

  @Transactional
  public RolloutView advance(String product, String version, String channel, String reason) {
    return change(
        product,
        version,
        channel,
        "rollout.advance",
        r -> {
          if (!RolloutAction.ADVANCE.allowed(r.state, false)) {
            throw conflict("a rollout that is " + r.state + " cannot advance");
          }
          if (!RolloutAction.ADVANCE.allowed(r.state, atLastStage(r))) {
            throw conflict("the rollout is already at its last stage (100%)");
          }
          r.stageIndex++;
          r.stageStartedAt = clock.instant();
          r.reason = reason;
          return EventType.ROLLOUT_STAGE_ADVANCED;
        });
  }

  @Transactional
  public RolloutView halt(String product, String version, String channel, String reason) {
    return change(
        product,
        version,
        channel,
        "rollout.halt",
        r -> {
          if (!RolloutAction.HALT.allowed(r.state, atLastStage(r))) {
            throw conflict("the rollout is already halted");
          }
          r.state = RolloutState.HALTED;
          r.reason = reason;
          return EventType.ROLLOUT_HALTED;
        });
  }

  /** Starts a rollout that waits for approval; the approver must not be the publisher. */
  @Transactional
  public RolloutView approve(String product, String version, String channel) {
    RolloutView view = find(product, version, channel);
    String approver = CurrentActor.currentName();
    if (approver.equals(view.publishedBy())) {
      throw new ProblemException(
          ProblemType.FORBIDDEN,
          "approval must come from another token than the publisher's ('" + approver + "')");
    }
    return change(
        product,
        version,
        channel,
        "rollout.approve",
        r -> {
          require(r, RolloutAction.APPROVE, RolloutState.AWAITING_APPROVAL, "approve");
          r.state = RolloutState.ACTIVE;
          r.approvedBy = approver;
          r.stageStartedAt = clock.instant();
          return null;
        });
  }

  /** Replaces the plan (stages and thresholds); the current stage index is kept within the plan. */
  @Transactional
  public RolloutView replacePlan(String product, String version, String channel, RolloutPlan plan) {
    return change(
        product,
        version,
        channel,
        "rollout.plan",
        r -> {
          r.planJson = RolloutPlanJson.write(plan);
          r.stageIndex = Math.min(r.stageIndex, plan.stages().size() - 1);
          return null;
        });
  }

  /**
   * Applies an automatic verdict unless someone moved the rollout meanwhile (another instance, or a
   * person): the stage and state it was computed for must still hold.
   */
  @Transactional
  public boolean applyVerdict(RolloutView seen, StageEvaluator.Verdict verdict) {
    Rollout rollout = materialize(seen);
    if (rollout.state != RolloutState.ACTIVE || rollout.stageIndex != seen.stageIndex()) {
      return false;
    }
    var before = describe(rollout);
    EventType event;
    if (verdict.kind() == StageEvaluator.Verdict.Kind.ADVANCE) {
      rollout.stageIndex++;
      rollout.stageStartedAt = clock.instant();
      event = EventType.ROLLOUT_STAGE_ADVANCED;
    } else {
      rollout.state = RolloutState.HALTED;
      event = EventType.ROLLOUT_HALTED;
    }
    rollout.reason = verdict.reason();
    rollout.updatedAt = clock.instant();
    audit.record(CurrentActor.SYSTEM, "rollout.auto", target(seen), before, describe(rollout));
    changes.bump("rollout verdict");
    outbox.record(seen.product(), eventOf(event, seen, rollout));
    return true;
  }

  private interface Mutation {
    /** Changes the rollout; returns the event to notify, or null for none. */
    EventType apply(Rollout rollout);
  }

  private RolloutView change(
      String product, String version, String channel, String action, Mutation mutation) {
    RolloutView view = find(product, version, channel);
    Rollout rollout = materialize(view);
    var before = describe(rollout);
    EventType event = mutation.apply(rollout);
    rollout.updatedAt = clock.instant();
    audit.record(action, target(view), before, describe(rollout));
    changes.bump(action);
    if (event != null) {
      outbox.record(product, eventOf(event, view, rollout));
    }
    return new RolloutView(
        view.publicationId(),
        product,
        version,
        channel,
        RolloutPlanJson.parse(rollout.planJson),
        rollout.stageIndex,
        rollout.stageStartedAt,
        rollout.state,
        view.publishedBy());
  }

  /** The rollout row, created from the snapshot's defaults the first time the rollout moves. */
  private Rollout materialize(RolloutView view) {
    Optional<Rollout> existing =
        Rollout.<Rollout>find("publicationId", view.publicationId()).firstResultOptional();
    if (existing.isPresent()) {
      return existing.get();
    }
    Rollout rollout = new Rollout();
    rollout.publicationId = view.publicationId();
    rollout.planJson = RolloutPlanJson.write(view.plan());
    rollout.stageIndex = view.stageIndex();
    rollout.stageStartedAt = view.stageStartedAt();
    rollout.state = view.state();
    rollout.updatedAt = clock.instant();
    rollout.persist();
    return rollout;
  }

  private EventData eventOf(EventType event, RolloutView view, Rollout rollout) {
    if (event == EventType.ROLLOUT_HALTED) {
      return new EventData.Halted(
          view.version(), view.channel(), rollout.stageIndex, rollout.reason, topFailures(view));
    }
    RolloutPlan plan = RolloutPlanJson.parse(rollout.planJson);
    return new EventData.StageAdvanced(
        view.version(),
        view.channel(),
        rollout.stageIndex,
        plan.stage(rollout.stageIndex).percentage(),
        rollout.reason);
  }

  /** The release's most frequent failure messages, for whoever must decide what to do next. */
  private List<EventData.Failure> topFailures(RolloutView view) {
    try {
      return failures.failures(view.product(), view.version()).stream()
          .flatMap(f -> f.reasons().stream())
          .limit(TOP_FAILURES)
          .map(
              r ->
                  new EventData.Failure(
                      r.message() == null || r.message().isBlank()
                          ? r.status()
                              + (r.rollbackReason() == null ? "" : ": " + r.rollbackReason())
                          : r.message(),
                      r.reports()))
          .toList();
    } catch (SQLException e) {
      // The halt matters more than its detail: notify without the messages.
      return List.of();
    }
  }

  private long publicationId(String product, String version, String channel) {
    List<?> ids =
        entityManager
            .createNativeQuery(
                "select pub.id from publications pub join releases r on r.id = pub.release_id"
                    + " join products p on p.id = r.product_id join channels c on c.id ="
                    + " pub.channel_id where p.name = ?1 and r.version = ?2 and c.name = ?3"
                    + " and pub.pulled_at is null")
            .setParameter(1, product)
            .setParameter(2, version)
            .setParameter(3, channel)
            .getResultList();
    if (ids.isEmpty()) {
      throw new ProblemException(
          ProblemType.NOT_FOUND,
          "release " + version + " of '" + product + "' is not live on channel '" + channel + "'");
    }
    return ((Number) ids.get(0)).longValue();
  }

  private static void require(
      Rollout rollout, RolloutAction action, RolloutState state, String verb) {
    if (!action.allowed(rollout.state, atLastStage(rollout))) {
      throw conflict("only a " + state + " rollout can " + verb + "; it is " + rollout.state);
    }
  }

  private static boolean atLastStage(Rollout rollout) {
    return RolloutPlanJson.parse(rollout.planJson).isLastStage(rollout.stageIndex);
  }

  private static ProblemException conflict(String message) {
    return new ProblemException(ProblemType.CONFLICT, message);
  }

  private static String target(RolloutView view) {
    return "rollout:" + view.product() + "/" + view.version() + "@" + view.channel();
  }

  private static Map<String, Object> describe(Rollout r) {
    return Map.of(
        "state",
        r.state.name(),
        "stage",
        r.stageIndex,
        "stageStartedAt",
        r.stageStartedAt.toString(),
        "plan",
        r.planJson);
  }

  /** Every live rollout of a product (releases on channels, not pulled), from the snapshot. */
  public List<RolloutView> ofProduct(String product) {
    return snapshots.current().rollouts().values().stream()
        .filter(r -> r.product().equals(product))
        .toList();
  }

  /** For the evaluator: every rollout that may advance or halt on its own. */
  public List<RolloutView> active() {
    CheckSnapshot snapshot = snapshots.current();
    return snapshot.rollouts().values().stream()
        .filter(r -> r.state() == RolloutState.ACTIVE)
        .toList();
  }
}
