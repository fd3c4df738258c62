package org.openupdate.server.release;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.openupdate.manifest.Changelog;
import org.openupdate.manifest.ManifestJson;
import org.openupdate.manifest.ReleaseManifest;
import org.openupdate.manifest.Version;
import org.openupdate.server.release.ReleaseViews.ChannelHead;
import org.openupdate.server.release.ReleaseViews.ReleaseDetail;
import org.openupdate.server.release.ReleaseViews.ReleaseSummary;
import org.openupdate.server.release.ReleaseViews.ServedManifest;

@ApplicationScoped
public class ReleaseQueries {

  /** How long before a live manifest expires the console warns about it. */
  public static final Duration EXPIRY_WARNING = Duration.ofDays(14);

  @Inject Releases releases;
  @Inject Clock clock;

  /** Releases, newest first, optionally of one product and/or in one state. */
  @Transactional
  public List<ReleaseSummary> list(String product, ReleaseState state) {
    StringBuilder query = new StringBuilder("1 = 1");
    java.util.Map<String, Object> params = new java.util.HashMap<>();
    if (product != null) {
      query.append(" and product.name = :product");
      params.put("product", product);
    }
    if (state != null) {
      query.append(" and state = :state");
      params.put("state", state);
    }
    query.append(" order by createdAt desc, id desc");
    return Release.<Release>list(query.toString(), params).stream().map(releases::summary).toList();
  }

  @Transactional
  public ReleaseDetail detail(String product, String version) {
    return releases.detail(releases.require(product, version));
  }

  /** Each channel's newest live release of the product, by channel name. */
  @Transactional
  public List<ChannelHead> heads(String product) {
    Instant warnFrom = clock.instant().plus(EXPIRY_WARNING);
    Map<String, Publication> newest = new TreeMap<>();
    Publication.<Publication>list(
            "release.product.name = ?1 and pulledAt is null and release.state = ?2",
            product,
            ReleaseState.PUBLISHED)
        .forEach(
            p ->
                newest.merge(
                    p.channel.name,
                    p,
                    (a, b) ->
                        Version.parse(a.release.version)
                                .isNewerThan(Version.parse(b.release.version))
                            ? a
                            : b));
    return newest.values().stream()
        .map(
            p ->
                new ChannelHead(
                    p.channel.name,
                    p.release.version,
                    p.publishedAt,
                    p.release.expiresAt,
                    p.release.expiresAt != null && p.release.expiresAt.isBefore(warnFrom)))
        .toList();
  }

  /**
   * Releases a pull of {@code version} may recall its clients to: published ones of the product,
   * older than it and not expired, newest first. The pull checks the channel on its own.
   */
  @Transactional
  public List<String> recallTargets(String product, String version) {
    Version pulled = Version.parse(version);
    Instant now = clock.instant();
    return Release.<Release>list(
            "product.name = ?1 and state = ?2", product, ReleaseState.PUBLISHED)
        .stream()
        .filter(r -> pulled.isNewerThan(Version.parse(r.version)))
        .filter(r -> r.expiresAt == null || r.expiresAt.isAfter(now))
        .map(r -> Version.parse(r.version))
        .sorted(java.util.Comparator.reverseOrder())
        .map(Version::toString)
        .toList();
  }

  /** The release's changelog as its manifest gives it; empty lists where it gives none. */
  @Transactional
  public Changelog changelog(String product, String version) {
    Changelog changelog =
        ManifestJson.read(releases.require(product, version).manifest, ReleaseManifest.class)
            .changelog();
    return changelog == null ? new Changelog(List.of(), List.of(), List.of()) : changelog;
  }

  /**
   * The signed manifest of a release clients may fetch: published and not pulled everywhere; with a
   * channel, the manifest served on that channel while the release is on it; with a channel and
   * {@code recallOf}, the recall from that pulled version on that channel to this release.
   */
  @Transactional
  public Optional<ServedManifest> served(
      String product, String version, String channel, String recallOf) {
    Optional<Release> release =
        Release.find(product, version).filter(r -> r.state == ReleaseState.PUBLISHED);
    if (recallOf != null) {
      return channel == null
          ? Optional.empty()
          : release
              .flatMap(r -> Recall.find(product, version, channel, recallOf))
              .map(Recall::served);
    }
    if (channel == null) {
      return release.map(r -> new ServedManifest(r.manifest, r.manifestSha256, r.signature));
    }
    return release.flatMap(
        r ->
            Publication.of(r).stream()
                .filter(p -> p.active() && p.channel.name.equals(channel))
                .findFirst()
                .map(Publication::served));
  }

  static Optional<ReleaseState> parseState(String text) {
    if (text == null) {
      return Optional.empty();
    }
    for (ReleaseState s : ReleaseState.values()) {
      if (s.name().toLowerCase(Locale.ROOT).equals(text)) {
        return Optional.of(s);
      }
    }
    throw org.openupdate.server.problem.ProblemException.invalidField(
        "state", "must be draft, published or pulled, was '" + text + "'");
  }
}
