package org.openupdate.server.check;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.openupdate.server.license.LicenseRules;
import org.openupdate.server.license.LicenseView;
import org.openupdate.server.license.ReleasePolicy;
import org.openupdate.server.problem.Problem;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;
import org.openupdate.server.rollout.Bucketing;

/**
 * Picks the release a client is offered. Pure over an immutable snapshot: the same snapshot, query
 * and time give the same answer on every instance.
 */
public final class DecisionEngine {

  private DecisionEngine() {}

  /**
   * The newest release the client may install now; else, when it runs a release pulled with a
   * recall target, that target (whose answer points at the recall manifest); else empty.
   *
   * @throws ProblemException for an unknown channel, a channel the policy or license refuses, or a
   *     missing, unknown, revoked or expired license
   */
  public static Optional<ReleaseOffer> decide(
      CheckSnapshot snapshot, CheckQuery query, boolean licenseRequired, Instant now) {
    ChannelView channel =
        snapshot
            .channel(query.product(), query.channel())
            .orElseThrow(
                () ->
                    new ProblemException(
                        ProblemType.NOT_FOUND,
                        "product '"
                            + query.product()
                            + "' has no channel '"
                            + query.channel()
                            + "'",
                        List.of(new Problem.FieldError("X-Channel", "unknown channel"))));
    ReleasePolicy policy = snapshot.policy(query.product());
    if (!policy.allowsChannel(channel.name())) {
      throw new ProblemException(
          ProblemType.FORBIDDEN,
          "the release policy of '" + query.product() + "' does not serve '" + channel.name() + "'",
          List.of(new Problem.FieldError("X-Channel", "not allowed by the release policy")));
    }
    Optional<LicenseView> license =
        LicenseRules.authorize(
            query.licenseKey(), snapshot.licensesByHash(), licenseRequired, channel.name(), now);

    return snapshot.candidates(channel).stream()
        // Newest first: once one is not newer than the client's version, none after it is.
        .takeWhile(offer -> offer.version().isNewerThan(query.currentVersion()))
        .filter(offer -> !policy.blocks(offer.version()))
        .filter(offer -> license.map(l -> l.permits(offer.version())).orElse(true))
        .filter(offer -> offer.expires() == null || now.isBefore(offer.expires()))
        .filter(offer -> soaked(offer, policy, now))
        .filter(
            offer ->
                Bucketing.isInside(
                    query.clientId(),
                    offer.product(),
                    offer.version().toString(),
                    offer.percentage()))
        // Newest first, so a client below a release's minimumVersion gets the newest stepping
        // stone.
        .filter(offer -> offer.reaches(query.currentVersion()))
        .findFirst()
        // Only without a newer release: a client on a pulled version that can update goes forward.
        .or(
            () ->
                snapshot
                    .recall(channel, query.currentVersion())
                    .filter(target -> !policy.blocks(target.version()))
                    .filter(target -> target.expires() == null || now.isBefore(target.expires())));
  }

  private static boolean soaked(ReleaseOffer offer, ReleasePolicy policy, Instant now) {
    if (policy.minimumSoak().isZero() || !offer.channel().equals(policy.soakTargetChannel())) {
      return true;
    }
    return offer.soakStartedAt() != null
        && !now.isBefore(offer.soakStartedAt().plus(policy.minimumSoak()));
  }
}
