package org.openupdate.server.license;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openupdate.server.problem.Problem;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;

/** Turns a presented license key into the license that governs a check, or a 401/403 problem. */
public final class LicenseRules {

  static final String HEADER = "X-License-Key";

  private LicenseRules() {}

  /**
   * @param presentedKey the raw header value, null when absent
   * @param licensesByHash the snapshot's licenses keyed by SHA-256 of the key
   * @return the license, or empty when none was presented and none is required
   */
  public static Optional<LicenseView> authorize(
      String presentedKey,
      Map<String, LicenseView> licensesByHash,
      boolean required,
      String channel,
      Instant now) {
    if (presentedKey == null || presentedKey.isBlank()) {
      if (required) {
        throw problem(ProblemType.UNAUTHORIZED, "a license key is required on this server");
      }
      return Optional.empty();
    }
    LicenseView license = licensesByHash.get(LicenseKeys.hash(presentedKey.strip()));
    if (license == null) {
      throw problem(ProblemType.UNAUTHORIZED, "the license key is not known");
    }
    if (license.revoked()) {
      throw problem(ProblemType.FORBIDDEN, "the license has been revoked");
    }
    if (license.expiresAt() != null && !now.isBefore(license.expiresAt())) {
      throw problem(ProblemType.FORBIDDEN, "the license expired at " + license.expiresAt());
    }
    if (!license.allowedChannels().isEmpty() && !license.allowedChannels().contains(channel)) {
      throw new ProblemException(
          ProblemType.FORBIDDEN,
          "the license does not allow channel '" + channel + "'",
          List.of(new Problem.FieldError("X-Channel", "not allowed by the license")));
    }
    return Optional.of(license);
  }

  private static ProblemException problem(ProblemType type, String message) {
    return new ProblemException(type, message, List.of(new Problem.FieldError(HEADER, message)));
  }
}
