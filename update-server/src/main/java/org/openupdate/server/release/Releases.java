package org.openupdate.server.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import org.openupdate.server.admin.AuditLog;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;
import org.openupdate.server.release.ReleaseViews.ArtifactView;
import org.openupdate.server.release.ReleaseViews.PublicationView;
import org.openupdate.server.release.ReleaseViews.ReleaseDetail;
import org.openupdate.server.release.ReleaseViews.ReleaseSummary;

/** Lookups and views shared by the release services; callers hold the transaction. */
@ApplicationScoped
class Releases {

  private static final int HISTORY_LIMIT = 1000;

  @Inject AuditLog audit;
  @Inject ObjectMapper json;

  static String target(String product, String version) {
    return "release:" + product + "/" + version;
  }

  static String manifestUrl(String product, String version) {
    return "/api/v1/releases/" + product + "/" + version + "/manifest";
  }

  Release require(String product, String version) {
    return Release.find(product, version)
        .orElseThrow(
            () ->
                new ProblemException(
                    ProblemType.NOT_FOUND,
                    "no release " + version + " of product '" + product + "'"));
  }

  ReleaseSummary summary(Release r) {
    List<String> channels =
        Publication.of(r).stream().filter(Publication::active).map(p -> p.channel.name).toList();
    return new ReleaseSummary(
        r.product.name,
        r.version,
        r.state.name().toLowerCase(java.util.Locale.ROOT),
        channels,
        r.signatureSource == null
            ? null
            : r.signatureSource.name().toLowerCase(java.util.Locale.ROOT),
        r.createdAt);
  }

  ReleaseDetail detail(Release r) {
    List<ArtifactView> artifacts =
        ReleaseArtifact.of(r).stream()
            .map(
                a ->
                    new ArtifactView(
                        a.component,
                        a.sha256,
                        a.size,
                        a.externalUrl,
                        a.available(),
                        a.externalUrl != null ? a.externalUrl : "/api/v1/artifacts/" + a.sha256))
            .toList();
    List<PublicationView> publications =
        Publication.of(r).stream()
            .map(
                p ->
                    new PublicationView(
                        p.channel.name,
                        p.publishedAt,
                        p.publishedBy,
                        parse(p.rolloutPlan),
                        p.pulledAt,
                        p.pulledBy,
                        p.pullReason))
            .toList();
    String manifestUrl = manifestUrl(r.product.name, r.version);
    ReleaseSummary summary = summary(r);
    return new ReleaseDetail(
        r.product.name,
        r.version,
        summary.state(),
        r.manifestSha256,
        r.mandatory,
        r.minimumVersion,
        r.expiresAt,
        r.releaseNotesUrl,
        r.createdAt,
        r.createdBy,
        summary.signatureSource(),
        r.signedBy == null ? List.of() : Arrays.asList(r.signedBy.split(",")),
        manifestUrl,
        manifestUrl + ".asc",
        artifacts,
        publications,
        audit.read(target(r.product.name, r.version), HISTORY_LIMIT));
  }

  String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  private JsonNode parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored rollout plan is not JSON", e);
    }
  }
}
