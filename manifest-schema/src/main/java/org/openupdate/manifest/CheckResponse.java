package org.openupdate.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The answer to an update check. It only points at the signed manifest: a client trusts nothing
 * here until the manifest's signature is verified.
 *
 * @param sha256 SHA-256 of the manifest bytes at {@code manifestUrl}
 * @param recall true when the offer recalls a pulled release; informative only, the agent decides
 *     on the signed manifest's {@code recallOf}
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
    Boolean recall) {

  public static CheckResponse noUpdate() {
    return new CheckResponse(false, null, null, null, null, null, null, null, null, null);
  }
}
