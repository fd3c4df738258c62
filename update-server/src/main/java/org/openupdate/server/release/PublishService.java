package org.openupdate.server.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openupdate.manifest.ManifestJson;
import org.openupdate.manifest.Version;
import org.openupdate.server.admin.AuditLog;
import org.openupdate.server.admin.CurrentActor;
import org.openupdate.server.artifact.Sha256;
import org.openupdate.server.channel.Channel;
import org.openupdate.server.channel.ChannelService;
import org.openupdate.server.channel.ManifestSequences;
import org.openupdate.server.problem.Problem;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;
import org.openupdate.server.release.ReleaseViews.ReleaseDetail;
import org.openupdate.server.signing.ServerKeys;

/**
 * Puts releases on channels (publish, promote) and takes them off again (pull, optionally recalling
 * its clients to an older release). Every manifest signed here carries the channel's next sequence.
 */
@ApplicationScoped
public class PublishService {

  private static final ObjectMapper JSON = ManifestJson.mapper();

  @Inject Clock clock;
  @Inject AuditLog audit;
  @Inject Releases releases;
  @Inject ChannelService channels;
  @Inject ServerKeys serverKeys;
  @Inject ManifestSequences sequences;
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
    requireNamedChannel(release, channel);
    if (release.state == ReleaseState.DRAFT) {
      completeDraft(release);
    }
    return putOnChannel(release, channel, plan, "release.publish", ReleaseChanged.Kind.PUBLISHED);
  }

  /**
   * Puts an already published release on another channel without uploading anything again: the
   * artifacts are shared; the manifest is re-signed for the channel (see bindToChannel).
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

  /**
   * Pulls a release from one channel, or from every channel when {@code channelName} is null.
   *
   * @param recallTo null, or an older published release its clients on those channels are offered
   *     instead (a recall, see signRecall)
   */
  @Transactional
  public ReleaseDetail pull(
      String product, String version, String channelName, String reason, String recallTo) {
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
    Release target = recallTo == null ? null : recallTarget(release, recallTo, toPull);
    var before = releases.summary(release);
    Instant now = clock.instant();
    for (Publication p : toPull) {
      p.pulledAt = now;
      p.pulledBy = CurrentActor.currentName();
      p.pullReason = reason;
      if (target != null) {
        signRecall(p, target).persist();
      }
    }
    if (toPull.size() == active.size()) {
      release.state = ReleaseState.PULLED;
    }
    audit.record(
        "release.pull",
        Releases.target(product, version),
        before,
        target == null
            ? releases.summary(release)
            : Map.of("summary", releases.summary(release), "recallTo", target.version));
    for (Publication p : toPull) {
      changed.fire(
          new ReleaseChanged(
              product,
              version,
              p.channel.name,
              ReleaseChanged.Kind.PULLED,
              Optional.ofNullable(reason),
              Optional.ofNullable(target).map(t -> t.version)));
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
    bindToChannel(release, publication);
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

  /**
   * Every manifest the server signs for a channel names that channel (clients refuse a manifest
   * bound to another) and carries the channel's next sequence (clients refuse one below the highest
   * they kept). So each publication of a server-signed release gets a manifest of its own. A
   * vendor's offline signature cannot be renewed here: such a manifest must already name the
   * channel and carry a sequence above the channel's last one, which then becomes the last one.
   */
  private void bindToChannel(Release release, Publication publication) {
    ObjectNode manifest = manifestTree(release);
    if (release.signatureSource != SignatureSource.SERVER) {
      requireOfflineBinding(release, manifest, publication.channel);
      return;
    }
    manifest.put("channel", publication.channel.name);
    manifest.put("sequence", sequences.next(publication.channel));
    publication.manifest = serialise(manifest);
    publication.manifestSha256 = Sha256.hex(publication.manifest);
    publication.signature = serverKeys.sign(publication.manifest);
  }

  private void requireOfflineBinding(Release release, ObjectNode manifest, Channel channel) {
    String named = manifest.path("channel").asText();
    if (!named.equals(channel.name)) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "release "
              + release.version
              + " of '"
              + release.product.name
              + "' is signed offline for channel '"
              + named
              + "'; putting it on channel '"
              + channel.name
              + "' needs a manifest naming that channel, signed offline again as a new release");
    }
    if (!manifest.path("sequence").canConvertToLong()) {
      String message =
          "required in a manifest signed offline: write the channel's next sequence (above "
              + channel.manifestSequence
              + ", see GET /api/v1/admin/channels/"
              + channel.name
              + ") into the manifest before signing it";
      throw new ProblemException(
          ProblemType.UNPROCESSABLE,
          "/sequence: " + message,
          List.of(new Problem.FieldError("/sequence", message)));
    }
    sequences.advanceTo(channel, manifest.path("sequence").asLong());
  }

  /**
   * The release that clients of the pulled publications go back to: published, on none of those
   * channels pulled, not expired, and older than the pulled release (else agents would see an
   * ordinary update, not a recall).
   */
  private Release recallTarget(Release pulled, String recallTo, List<Publication> toPull) {
    Version targetVersion;
    try {
      targetVersion = Version.parse(recallTo);
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalidField("recallTo", "not a version: '" + recallTo + "'");
    }
    String product = pulled.product.name;
    Release target =
        Release.find(product, recallTo)
            .orElseThrow(
                () -> recallRefused("no release " + recallTo + " of '" + product + "' exists"));
    if (target.state != ReleaseState.PUBLISHED) {
      throw recallRefused(
          "release "
              + recallTo
              + " is "
              + target.state.name().toLowerCase(Locale.ROOT)
              + "; a recall target must be published and not pulled");
    }
    if (!Version.parse(pulled.version).isNewerThan(targetVersion)) {
      throw recallRefused(
          "must be older than the pulled release " + pulled.version + ", was " + recallTo);
    }
    if (!target.expiresAt.isAfter(clock.instant())) {
      throw recallRefused(
          "release " + recallTo + " expired at " + target.expiresAt + "; agents would refuse it");
    }
    for (Publication p : toPull) {
      boolean pulledThere =
          Publication.of(target).stream()
              .anyMatch(t -> !t.active() && t.channel.id.equals(p.channel.id));
      if (pulledThere) {
        throw recallRefused(
            "release " + recallTo + " was pulled from channel '" + p.channel.name + "'");
      }
    }
    return target;
  }

  /**
   * The target's manifest for the pulled publication's channel with {@code recallOf} and the
   * channel's next sequence, above that of the pulled manifest: agents accept a lower version only
   * from such a manifest, and once they installed it, the pulled manifest is a replay to them.
   * Always signed by the server, also for releases signed offline: the sequence must be fresh.
   */
  private Recall signRecall(Publication pulled, Release target) {
    ObjectNode manifest = manifestTree(target);
    manifest.put("channel", pulled.channel.name);
    manifest.put("sequence", sequences.next(pulled.channel));
    manifest.put("recallOf", pulled.release.version);
    Recall recall = new Recall();
    recall.pulled = pulled;
    recall.target = target;
    recall.manifest = serialise(manifest);
    recall.manifestSha256 = Sha256.hex(recall.manifest);
    recall.signature = serverKeys.sign(recall.manifest);
    recall.createdAt = clock.instant();
    recall.createdBy = CurrentActor.currentName();
    return recall;
  }

  private static ProblemException recallRefused(String message) {
    return new ProblemException(
        ProblemType.CONFLICT,
        "recallTo: " + message,
        List.of(new Problem.FieldError("recallTo", message)));
  }

  private static byte[] serialise(ObjectNode manifest) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("re-serialising a stored manifest failed", e);
    }
  }

  /**
   * Publishing puts a release on the channel its manifest names; another channel is a promotion,
   * which re-signs the manifest, and must be asked for as one rather than happen by a typo.
   */
  private static void requireNamedChannel(Release release, Channel channel) {
    String named = manifestTree(release).path("channel").asText();
    if (!named.equals(channel.name)) {
      throw new ProblemException(
          ProblemType.UNPROCESSABLE,
          "channel: the manifest of "
              + release.version
              + " names channel '"
              + named
              + "', not '"
              + channel.name
              + "'; publish it to '"
              + named
              + "', then promote it to '"
              + channel.name
              + "' if that is meant",
          List.of(
              new Problem.FieldError(
                  "channel", "the manifest names '" + named + "', not '" + channel.name + "'")));
    }
  }

  private static ObjectNode manifestTree(Release release) {
    try {
      return (ObjectNode) JSON.readTree(release.manifest);
    } catch (IOException | ClassCastException e) {
      throw new IllegalStateException(
          "stored manifest of " + release.version + " is unreadable", e);
    }
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
