package org.openupdate.server.release;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.openupdate.server.admin.AuditLog;

/** What the admin API shows of releases; entities stay inside the feature. */
public final class ReleaseViews {

  private ReleaseViews() {}

  public record ReleaseSummary(
      String product,
      String version,
      String state,
      List<String> channels,
      String signatureSource,
      Instant createdAt) {}

  public record ArtifactView(
      String component,
      String sha256,
      long size,
      String externalUrl,
      boolean available,
      String downloadUrl) {}

  public record PublicationView(
      String channel,
      Instant publishedAt,
      String publishedBy,
      JsonNode rolloutPlan,
      Instant pulledAt,
      String pulledBy,
      String pullReason) {}

  public record ReleaseDetail(
      String product,
      String version,
      String state,
      String manifestSha256,
      boolean mandatory,
      String minimumVersion,
      Instant expires,
      String releaseNotesUrl,
      Instant createdAt,
      String createdBy,
      String signatureSource,
      List<String> signedBy,
      String manifestUrl,
      String signatureUrl,
      List<ArtifactView> artifacts,
      List<PublicationView> publications,
      List<AuditLog.Record> history) {}

  /**
   * The newest release live on a channel (published there and not pulled).
   *
   * @param expiresSoon the manifest expires within {@link ReleaseQueries#EXPIRY_WARNING}: clients
   *     will refuse it then, so a new release is due
   */
  public record ChannelHead(
      String channel, String version, Instant publishedAt, Instant expires, boolean expiresSoon) {}

  /** The exact bytes served to clients, with what they need to answer conditionally. */
  public record ServedManifest(byte[] manifest, String sha256, byte[] signature) {}
}
