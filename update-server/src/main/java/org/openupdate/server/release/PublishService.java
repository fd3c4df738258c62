package org.openupdate.server.release;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openupdate.server.admin.AuditLog;
import org.openupdate.server.admin.CurrentActor;
import org.openupdate.server.channel.Channel;
import org.openupdate.server.channel.ChannelService;
import org.openupdate.server.problem.Problem;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;
import org.openupdate.server.release.ReleaseViews.ReleaseDetail;
import org.openupdate.server.signing.ServerKeys;

/** Puts releases on channels (publish, promote) and takes them off again (pull). */
@ApplicationScoped
public class PublishService {

  @Inject Clock clock;
  @Inject AuditLog audit;
  @Inject Releases releases;
  @Inject ChannelService channels;
  @Inject ServerKeys serverKeys;
  @Inject Event<ReleaseChanged> changed;

  /**
   * First publication of a draft: checks it is complete, signs it (unless signed offline), puts it
   * on the channel.
   */
  @Transactional
  public ReleaseDetail publish(
      String product, String version, String channelName, RolloutPlan plan) {
    Release release = releases.require(product, version);
    Channel channel = channel(channelName);
    validate(plan);
    if (release.state == ReleaseState.PULLED) {
      throw pulled(release);
    }
    if (release.state == ReleaseState.DRAFT) {
      completeDraft(release);
    }
    return putOnChannel(release, channel, plan, "release.publish", ReleaseChanged.Kind.PUBLISHED);
  }

  /**
   * Puts an already published release on another channel: same bytes, same signature, no upload.
   */
  @Transactional
  public ReleaseDetail promote(
      String product, String version, String channelName, RolloutPlan plan) {
    Release release = releases.require(product, version);
    Channel channel = channel(channelName);
    validate(plan);
    if (release.state == ReleaseState.DRAFT) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "release "
              + version
              + " of '"
              + product
              + "' is a draft; publish it before promoting it");
    }
    if (release.state == ReleaseState.PULLED) {
      throw pulled(release);
    }
    return putOnChannel(release, channel, plan, "release.promote", ReleaseChanged.Kind.PROMOTED);
  }

  /** Pulls a release from one channel, or from every channel when {@code channelName} is null. */
  @Transactional
  public ReleaseDetail pull(String product, String version, String channelName, String reason) {
    Release release = releases.require(product, version);
    if (channelName != null) {
      channel(channelName);
    }
    if (release.state == ReleaseState.DRAFT) {
      throw new ProblemException(
          ProblemType.CONFLICT, "release " + version + " of '" + product + "' was never published");
    }
    List<Publication> active =
        Publication.of(release).stream().filter(Publication::active).toList();
    List<Publication> toPull =
        channelName == null
            ? active
            : active.stream().filter(p -> p.channel.name.equals(channelName)).toList();
    if (toPull.isEmpty()) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "release "
              + version
              + " of '"
              + product
              + "' is not on "
              + (channelName == null ? "any channel" : "channel '" + channelName + "'"));
    }
    var before = releases.summary(release);
    Instant now = clock.instant();
    for (Publication p : toPull) {
      p.pulledAt = now;
      p.pulledBy = CurrentActor.currentName();
      p.pullReason = reason;
    }
    if (toPull.size() == active.size()) {
      release.state = ReleaseState.PULLED;
    }
    audit.record(
        "release.pull", Releases.target(product, version), before, releases.summary(release));
    for (Publication p : toPull) {
      changed.fire(
          new ReleaseChanged(product, version, p.channel.name, ReleaseChanged.Kind.PULLED));
    }
    return releases.detail(release);
  }

  private ReleaseDetail putOnChannel(
      Release release, Channel channel, RolloutPlan plan, String action, ReleaseChanged.Kind kind) {
    Publication existing =
        Publication.<Publication>find("release = ?1 and channel = ?2", release, channel)
            .firstResultOptional()
            .orElse(null);
    if (existing != null) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "release "
              + release.version
              + " of '"
              + release.product.name
              + "' is already "
              + (existing.active() ? "published on" : "pulled from")
              + " channel '"
              + channel.name
              + "'");
    }
    if (!release.expiresAt.isAfter(clock.instant())) {
      throw new ProblemException(
          ProblemType.UNPROCESSABLE,
          "the manifest expired at "
              + release.expiresAt
              + "; create a new release with a later expires");
    }
    var before = releases.summary(release);
    Publication publication = new Publication();
    publication.release = release;
    publication.channel = channel;
    publication.publishedAt = clock.instant();
    publication.publishedBy = CurrentActor.currentName();
    publication.rolloutPlan = plan == null ? null : releases.toJson(plan);
    publication.persist();
    audit.record(
        action,
        Releases.target(release.product.name, release.version),
        before,
        Map.of(
            "summary",
            releases.summary(release),
            "channel",
            channel.name,
            "rolloutPlan",
            plan == null ? "none" : plan));
    changed.fire(new ReleaseChanged(release.product.name, release.version, channel.name, kind));
    return releases.detail(release);
  }

  private void completeDraft(Release release) {
    List<String> missing =
        ReleaseArtifact.of(release).stream()
            .filter(a -> !a.available())
            .map(a -> a.component)
            .toList();
    if (!missing.isEmpty()) {
      throw new ProblemException(
          ProblemType.UNPROCESSABLE,
          "cannot publish: artifacts not uploaded yet for component(s) " + missing,
          missing.stream()
              .map(c -> new Problem.FieldError("/components/" + c, "artifact not uploaded"))
              .toList());
    }
    if (release.signature == null) {
      release.signature = serverKeys.sign(release.manifest);
      release.signatureSource = SignatureSource.SERVER;
      release.signedBy = String.join(",", serverKeys.fingerprints());
    }
    release.state = ReleaseState.PUBLISHED;
  }

  private Channel channel(String name) {
    if (name == null) {
      throw ProblemException.invalidField("channel", "required");
    }
    return channels
        .find(name)
        .orElseThrow(
            () ->
                new ProblemException(
                    ProblemType.UNPROCESSABLE,
                    "channel: unknown channel '" + name + "'",
                    List.of(new Problem.FieldError("channel", "unknown channel '" + name + "'"))));
  }

  private static void validate(RolloutPlan plan) {
    if (plan == null) {
      return;
    }
    List<Problem.FieldError> errors = plan.problems("/rolloutPlan");
    if (!errors.isEmpty()) {
      throw new ProblemException(
          ProblemType.VALIDATION_FAILED,
          "rollout plan: "
              + String.join("; ", errors.stream().map(e -> e.field() + " " + e.message()).toList()),
          errors);
    }
  }

  private static ProblemException pulled(Release release) {
    return new ProblemException(
        ProblemType.CONFLICT,
        "release "
            + release.version
            + " of '"
            + release.product.name
            + "' was "
            + release.state.name().toLowerCase(Locale.ROOT)
            + " from every channel; publish a new version instead");
  }
}
