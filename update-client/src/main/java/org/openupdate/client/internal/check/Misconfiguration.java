package org.openupdate.client.internal.check;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.openupdate.client.internal.config.Settings;
import org.openupdate.client.internal.net.Http;
import org.openupdate.manifest.ManifestJson;

/**
 * Reads a refused check as a configuration mistake when the answer points at one. The update
 * server's problem+json names the request header at fault ({@code X-Product}: unknown product;
 * {@code X-Channel}: unknown channel, or one the policy or license does not serve; {@code
 * X-License-Key}: key missing, unknown, revoked or expired), which maps back to the configuration
 * field that sets it. A 404 that names nothing means no update server answers at {@code serverUrl}.
 */
final class Misconfiguration {
  private static final Map<String, String> FIELD_BY_HEADER =
      Map.of("x-product", "product", "x-channel", "channel", "x-license-key", "licenseKey");

  /** The parts of RFC 9457 problem details used here; anything else in the answer is ignored. */
  record Problem(String detail, List<FieldError> errors) {
    record FieldError(String field) {}
  }

  private Misconfiguration() {}

  /** The message naming the field to fix, or empty when the answer does not blame the config. */
  static Optional<String> describe(Http.Response response, URI uri, Settings settings) {
    int status = response.status();
    if (status < 400 || status >= 500 || status == 429) {
      return Optional.empty();
    }
    Optional<Problem> problem = problem(response);
    boolean namesHeaders =
        problem.map(p -> p.errors() != null && !p.errors().isEmpty()).orElse(false);
    String field =
        namesHeaders ? blamedField(problem.get()) : fieldByStatus(status, problem.isPresent());
    if (field == null) {
      return Optional.empty();
    }
    String detail = problem.map(Problem::detail).filter(d -> !d.isBlank()).orElse("");
    return Optional.of(
        summary(field, status, uri, settings)
            + " (HTTP "
            + status
            + (detail.isEmpty() ? "" : ": " + detail.strip())
            + "): check configuration field '"
            + field
            + "'");
  }

  private static Optional<Problem> problem(Http.Response response) {
    String type = response.header("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/problem+json")) {
      return Optional.empty();
    }
    try {
      return Optional.of(ManifestJson.read(response.body(), Problem.class));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The configuration field behind the first header the problem names; null for none. */
  private static String blamedField(Problem problem) {
    return problem.errors().stream()
        .filter(error -> error.field() != null)
        .map(error -> FIELD_BY_HEADER.get(error.field().toLowerCase(Locale.ROOT)))
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  /** Naming no header: the server's 401/403 are about the license; any 404 about the URL. */
  private static String fieldByStatus(int status, boolean fromTheServer) {
    if (status == 404) {
      return "serverUrl";
    }
    return fromTheServer && (status == 401 || status == 403) ? "licenseKey" : null;
  }

  private static String summary(String field, int status, URI uri, Settings settings) {
    return switch (field) {
      case "product" ->
          status == 404
              ? "the server does not know product '" + settings.product() + "'"
              : "the server refuses product '" + settings.product() + "'";
      case "channel" ->
          status == 404
              ? "the server has no channel '"
                  + settings.channel()
                  + "' for product '"
                  + settings.product()
                  + "'"
              : "the server does not serve channel '" + settings.channel() + "' to this agent";
      case "licenseKey" ->
          // Never the key itself: messages end up in logs.
          settings.licenseKey().isPresent()
              ? "the server refuses the configured license key"
              : "the server requires a license key";
      default -> "no update server answers at " + uri;
    };
  }
}
