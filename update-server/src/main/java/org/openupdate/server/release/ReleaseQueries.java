package org.openupdate.server.release;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openupdate.server.release.ReleaseViews.ReleaseDetail;
import org.openupdate.server.release.ReleaseViews.ReleaseSummary;
import org.openupdate.server.release.ReleaseViews.ServedManifest;

@ApplicationScoped
public class ReleaseQueries {

  @Inject Releases releases;

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
