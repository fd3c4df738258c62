package org.openupdate.client.internal.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openupdate.client.internal.Sha256;
import org.openupdate.client.internal.config.Settings;
import org.openupdate.client.internal.net.Http;
import org.openupdate.client.internal.net.RefusedAnswerException;
import org.openupdate.client.internal.trust.Trust;
import org.openupdate.manifest.CheckResponse;
import org.openupdate.manifest.ManifestJson;
import org.openupdate.manifest.RefusalReason;
import org.openupdate.manifest.ReleaseManifest;
import org.openupdate.manifest.pgp.Verification;
import org.openupdate.manifest.trust.TrustRoot;
import org.openupdate.manifest.trust.TrustRoots;

/**
 * Fetches an offered release's manifest and signature and checks the signature over the exact bytes
 * with the keys the agent trusts (its newest trust root's signing keys, or its pinned keys) before
 * anything parses them.
 */
public final class ManifestVerifier {
  private static final int MAX_MANIFEST_BYTES = 1024 * 1024;
  private static final int MAX_SIGNATURE_BYTES = 64 * 1024;
  private final Settings settings;
  private final Http http;
  private final Trust trust;
  private final Clock clock;

  /** A manifest whose signature checked out, with the exact bytes that were signed. */
  public record Verified(ReleaseManifest manifest, byte[] bytes) {}

  public ManifestVerifier(Settings settings, Http http, Trust trust, Clock clock) {
    this.settings = settings;
    this.http = http;
    this.trust = trust;
    this.clock = clock;
  }

  /**
   * The offered manifest, verified.
   *
   * @throws RefusedException when the offer is not to be installed
   * @throws UncheckedIOException when the manifest or its signature could not be fetched (in time)
   */
  public Verified fetch(CheckResponse offer) {
    String base = "api/v1/releases/" + settings.product() + "/" + offer.version() + "/manifest";
    URI manifestUri = settings.resolve(offer.manifestUrl() != null ? offer.manifestUrl() : base);
    URI signatureUri =
        settings.resolve(offer.signatureUrl() != null ? offer.signatureUrl() : base + ".asc");
    // Without a manifest nothing can be verified; without a signature, nothing is signed.
    byte[] bytes = get(manifestUri, MAX_MANIFEST_BYTES, RefusalReason.MALFORMED);
    byte[] signature = get(signatureUri, MAX_SIGNATURE_BYTES, RefusalReason.BAD_SIGNATURE);
    if (offer.sha256() != null && !offer.sha256().equalsIgnoreCase(Sha256.of(bytes))) {
      throw new RefusedException(
          RefusalReason.BAD_HASH,
          "manifest from "
              + manifestUri
              + " does not match the SHA-256 the server announced; refused");
    }
    Optional<TrustRoot> root = trust.root();
    if (root.isPresent() && TrustRoots.isExpired(root.get(), clock.instant())) {
      throw new RefusedException(
          RefusalReason.EXPIRED,
          "trust root version "
              + root.get().version()
              + " expired at "
              + root.get().expires()
              + " and the server offers no newer one; nothing is verified with it; refused");
    }
    Verification verification = trust.manifests().verify(bytes, signature);
    if (!verification.valid()) {
      throw new RefusedException(
          onlyUnpinnedKeys(verification) ? RefusalReason.UNPINNED_KEY : RefusalReason.BAD_SIGNATURE,
          "manifest "
              + manifestUri
              + " failed signature verification: signature refused: "
              + String.join("; ", verification.problems())
              + "; refused");
    }
    try {
      return new Verified(ManifestJson.read(bytes, ReleaseManifest.class), bytes);
    } catch (RuntimeException e) {
      throw new RefusedException(
          RefusalReason.MALFORMED,
          "manifest " + manifestUri + " is signed but unreadable: " + e.getMessage() + "; refused",
          e);
    }
  }

  /**
   * A document other than the manifest (a delta index) signed by the keys that sign manifests: its
   * bytes, once the signature at {@code signatureUri} verifies with the pinned keys.
   *
   * @throws RefusedException when it is missing, too large or not signed by pinned keys
   * @throws UncheckedIOException when it could not be fetched (in time)
   */
  public byte[] fetchSigned(URI documentUri, URI signatureUri, int limit) {
    byte[] bytes = get(documentUri, limit, RefusalReason.MALFORMED);
    byte[] signature = get(signatureUri, MAX_SIGNATURE_BYTES, RefusalReason.BAD_SIGNATURE);
    Verification verification = trust.manifests().verify(bytes, signature);
    if (!verification.valid()) {
      throw new RefusedException(
          RefusalReason.BAD_SIGNATURE,
          documentUri
              + " failed signature verification: "
              + String.join("; ", verification.problems()));
    }
    return bytes;
  }

  /**
   * Sound signatures by keys this agent does not pin (another vendor's, an attacker's own) are told
   * apart from broken ones, because the fix differs: the pins, not the signing.
   */
  private static boolean onlyUnpinnedKeys(Verification verification) {
    List<String> perSignature =
        verification.problems().stream()
            .filter(p -> !p.startsWith("need good signatures"))
            .toList();
    return !perSignature.isEmpty()
        && perSignature.stream().allMatch(p -> p.endsWith("is not from a pinned key"));
  }

  /**
   * The body of a 200 answer; an {@link UncheckedIOException} when it cannot be had now, a refusal
   * for {@code refusal} when it cannot be had at all: on another origin, missing (4xx), too large.
   */
  private byte[] get(URI uri, int limit, RefusalReason refusal) {
    if (!http.origins().allow(uri)) {
      throw new RefusedException(
          refusal,
          "the check answer points at "
              + uri
              + ", but "
              + http.origins().refusing(uri)
              + "; refused");
    }
    try {
      Http.Response response = http.get(uri, Map.of(), limit);
      int status = response.status();
      if (status / 100 == 4 && status != 408 && status != 429) {
        // The server offered what it cannot deliver: no waiting will make it verifiable.
        throw new RefusedException(
            refusal, "GET " + uri + " answered HTTP " + status + "; refused");
      }
      if (status != 200) {
        throw new IOException("GET " + uri + " answered HTTP " + status);
      }
      return response.body();
    } catch (RefusedAnswerException e) {
      throw new RefusedException(refusal, e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }
}
