package org.openupdate.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The answer to an update check. It only points at the signed manifest: a client trusts nothing
 * here until the manifest's signature is verified.
 *
 * @param sha256 SHA-256 of the manifest bytes at {@code manifestUrl}
 * @param recall true when the offer recalls a pulled release; informative only, the agent decides
 *     on the signed manifest's {@code recallOf}
 * @param deltaFrom the installed versions the server has signed deltas from (see {@code
 *     delta/DeltaIndex}); null when none. Agents without delta support ignore it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckResponse(
    boolean updateAvailable,
    String version,
    Boolean mandatory,
    String releaseNotes,
    String downloadUrl,
    String manifestUrl,
    String signatureUrl,
    String sha256,
    Instant expires,
    Boolean recall,
    List<String> deltaFrom) {

  /** An answer that offers no deltas. */
  public CheckResponse(
      boolean updateAvailable,
      String version,
      Boolean mandatory,
      String releaseNotes,
      String downloadUrl,
      String manifestUrl,
      String signatureUrl,
      String sha256,
      Instant expires,
      Boolean recall) {
    this(
        updateAvailable,
        version,
        mandatory,
        releaseNotes,
        downloadUrl,
        manifestUrl,
        signatureUrl,
        sha256,
        expires,
        recall,
        null);
  }

  public static CheckResponse noUpdate() {
    return new CheckResponse(false, null, null, null, null, null, null, null, null, null);
  }
}
