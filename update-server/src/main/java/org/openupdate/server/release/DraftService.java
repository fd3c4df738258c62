package org.openupdate.server.release;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.openupdate.manifest.Component;
import org.openupdate.manifest.ManifestJson;
import org.openupdate.manifest.ReleaseManifest;
import org.openupdate.manifest.SchemaType;
import org.openupdate.manifest.SchemaValidator;
import org.openupdate.manifest.pgp.Fingerprint;
import org.openupdate.manifest.pgp.Verification;
import org.openupdate.server.admin.AuditLog;
import org.openupdate.server.admin.CurrentActor;
import org.openupdate.server.artifact.ArtifactStore;
import org.openupdate.server.artifact.Sha256;
import org.openupdate.server.problem.NulCharacters;
import org.openupdate.server.problem.Problem;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;
import org.openupdate.server.product.Product;
import org.openupdate.server.product.ProductService;
import org.openupdate.server.release.ReleaseViews.ReleaseDetail;
import org.openupdate.server.signing.VendorKeys;

/**
 * Drafts: created from manifest bytes, then completed with artifacts and optionally a vendor
 * signature.
 */
@ApplicationScoped
public class DraftService {

  /** Signed manifests are small; the verifier refuses larger signature input anyway. */
  static final int MAX_MANIFEST_BYTES = 64 * 1024;

  /** Component names as the schema allows them: no '/', no '..', nothing a path could misuse. */
  static final Pattern COMPONENT = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  @Inject Clock clock;
  @Inject AuditLog audit;
  @Inject Releases releases;
  @Inject ProductService products;
  @Inject ArtifactStore store;
  @Inject VendorKeys vendorKeys;

  /** The draft a create call answers with, and whether that call made it. */
  public record Creation(ReleaseDetail draft, boolean created) {}

  /**
   * Creates a draft from manifest bytes. Sending the bytes of an existing draft again continues
   * that draft, so a publishing job that failed halfway can simply be run again.
   */
  @Transactional
  public Creation create(byte[] manifestBytes) {
    if (manifestBytes == null || manifestBytes.length == 0) {
      throw new ProblemException(
          ProblemType.MALFORMED_REQUEST, "the request body must be a release manifest");
    }
    if (manifestBytes.length > MAX_MANIFEST_BYTES) {
      throw new ProblemException(
          ProblemType.PAYLOAD_TOO_LARGE,
          "manifest is "
              + manifestBytes.length
              + " bytes, more than the "
              + MAX_MANIFEST_BYTES
              + " allowed");
    }
    ReleaseManifest manifest = validated(manifestBytes);
    Product product =
        products
            .find(manifest.product())
            .orElseThrow(
                () ->
                    new ProblemException(
                        ProblemType.UNPROCESSABLE,
                        "/product: unknown product '" + manifest.product() + "'; create it first",
                        List.of(
                            new Problem.FieldError(
                                "/product", "unknown product '" + manifest.product() + "'"))));
    Optional<Release> existing = Release.find(product.name, manifest.version());
    if (existing.isPresent()) {
      return new Creation(continued(existing.get(), manifestBytes), false);
    }
    Release release = new Release();
    release.product = product;
    release.version = manifest.version();
    release.state = ReleaseState.DRAFT;
    release.manifest = manifestBytes;
    release.manifestSha256 = Sha256.hex(manifestBytes);
    release.mandatory = manifest.mandatory();
    release.minimumVersion = manifest.minimumVersion();
    release.expiresAt = manifest.expires();
    release.releaseNotesUrl = manifest.releaseNotesUrl();
    release.createdAt = clock.instant();
    release.createdBy = CurrentActor.currentName();
    release.persist();
    for (Map.Entry<String, Component> entry : manifest.components().entrySet()) {
      ReleaseArtifact artifact = new ReleaseArtifact();
      artifact.release = release;
      artifact.component = entry.getKey();
      artifact.sha256 = entry.getValue().sha256();
      artifact.size = entry.getValue().size();
      artifact.externalUrl = entry.getValue().url();
      artifact.persist();
    }
    audit.record(
        "release.create",
        Releases.target(product.name, release.version),
        null,
        releases.summary(release));
    return new Creation(releases.detail(release), true);
  }

  /**
   * A rerun may continue its own draft; anything else under that version is a conflict that says
   * how to go on. A published release never changes, so its version cannot be reused.
   */
  private ReleaseDetail continued(Release release, byte[] manifestBytes) {
    String target = Releases.target(release.product.name, release.version);
    if (release.state != ReleaseState.DRAFT) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "release "
              + target
              + " is already "
              + release.state.name().toLowerCase(Locale.ROOT)
              + " and never changes; publish a new version");
    }
    if (!release.manifestSha256.equals(Sha256.hex(manifestBytes))) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "a draft of "
              + target
              + " exists with other manifest bytes (SHA-256 "
              + release.manifestSha256
              + "); delete it (DELETE /api/v1/admin/releases/"
              + release.product.name
              + "/"
              + release.version
              + ") to replace it, or send the same manifest to continue it");
    }
    return releases.detail(release);
  }

  /** Deletes a draft and its artifact records; published and pulled releases are never deleted. */
  @Transactional
  public void delete(String product, String version) {
    Release release = draft(product, version);
    var before = releases.summary(release);
    ReleaseArtifact.delete("release", release);
    release.delete();
    audit.record("release.delete", Releases.target(product, version), before, null);
  }

  /**
   * Streams an upload into the artifact store. No transaction is held while the bytes arrive; the
   * artifact is marked stored only after its hash and size matched the manifest.
   */
  public ReleaseDetail upload(
      String product, String version, String component, InputStream body, Long contentLength) {
    if (component == null || !COMPONENT.matcher(component).matches()) {
      throw ProblemException.invalidField(
          "component",
          "must be a component name of the manifest (lowercase letters, digits, '.', '_', '-'), was '"
              + component
              + "'");
    }
    ArtifactStore.Expected expected =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  ReleaseArtifact artifact = uploadable(product, version, component);
                  return new ArtifactStore.Expected(component, artifact.sha256, artifact.size);
                });
    long limit = store.maxUploadSize();
    if (expected.size() > limit || (contentLength != null && contentLength > limit)) {
      throw new ProblemException(
          ProblemType.PAYLOAD_TOO_LARGE,
          "upload of component '"
              + component
              + "' is larger than the limit of "
              + limit
              + " bytes (openupdate.artifacts.max-upload-size)");
    }
    store.store(body, expected);
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              ReleaseArtifact artifact = uploadable(product, version, component);
              artifact.storedAt = clock.instant();
              audit.record(
                  "release.artifact.upload",
                  Releases.target(product, version),
                  null,
                  Map.of("component", component, "sha256", artifact.sha256, "size", artifact.size));
              return releases.detail(artifact.release);
            });
  }

  /**
   * Attaches a detached signature the vendor made offline; refused unless a pinned vendor key made
   * it.
   */
  @Transactional
  public ReleaseDetail attachSignature(String product, String version, byte[] signature) {
    Release release = draft(product, version);
    Verification verification =
        vendorKeys
            .verify(release.manifest, signature)
            .orElseThrow(
                () ->
                    new ProblemException(
                        ProblemType.UNPROCESSABLE,
                        "offline signatures are not accepted: no trusted vendor keys are configured"
                            + " (openupdate.signing.trusted-vendor-keys)"));
    if (!verification.valid()) {
      throw new ProblemException(
          ProblemType.UNPROCESSABLE,
          "signature refused: " + String.join("; ", verification.problems()),
          List.of(new Problem.FieldError("signature", String.join("; ", verification.problems()))));
    }
    var before = releases.summary(release);
    release.signature = signature;
    release.signatureSource = SignatureSource.OFFLINE;
    release.signedBy =
        String.join(",", verification.signers().stream().map(Fingerprint::hex).toList());
    audit.record(
        "release.signature.attach",
        Releases.target(product, version),
        before,
        Map.of("signedBy", release.signedBy));
    return releases.detail(release);
  }

  private ReleaseManifest validated(byte[] bytes) {
    List<Problem.FieldError> errors = new ArrayList<>();
    SchemaValidator.instance()
        .validate(SchemaType.RELEASE_MANIFEST, bytes)
        .forEach(v -> errors.add(new Problem.FieldError(v.pointer(), v.message())));
    if (!errors.isEmpty()) {
      throw new ProblemException(ProblemType.VALIDATION_FAILED, describe(errors), errors);
    }
    // Some of its strings are stored as text (the release notes URL), which cannot hold a NUL.
    NulCharacters.refuseIn(bytes);
    ReleaseManifest manifest = ManifestJson.read(bytes, ReleaseManifest.class);
    if (manifest.expires() == null) {
      errors.add(
          new Problem.FieldError(
              "/expires", "required: this server publishes only manifests that expire"));
    } else if (!manifest.expires().isAfter(manifest.releaseDate())) {
      errors.add(
          new Problem.FieldError(
              "/expires",
              "must be after releaseDate "
                  + manifest.releaseDate()
                  + ", was "
                  + manifest.expires()));
    }
    if (manifest.recallOf() != null) {
      // A recall lets agents go down a version; only the server makes one, when a release is
      // pulled with recallTo, so that its sequence is above everything signed for the channel.
      errors.add(
          new Problem.FieldError(
              "/recallOf", "not allowed in a release; pull the recalled release with recallTo"));
    }
    if (!errors.isEmpty()) {
      throw new ProblemException(ProblemType.VALIDATION_FAILED, describe(errors), errors);
    }
    return manifest;
  }

  private static String describe(List<Problem.FieldError> errors) {
    return "manifest has "
        + errors.size()
        + " problem(s): "
        + String.join(
            "; ",
            errors.stream()
                .map(e -> (e.field().isEmpty() ? "(document)" : e.field()) + " " + e.message())
                .toList());
  }

  private ReleaseArtifact uploadable(String product, String version, String component) {
    Release release = draft(product, version);
    ReleaseArtifact artifact =
        ReleaseArtifact.<ReleaseArtifact>find("release = ?1 and component = ?2", release, component)
            .firstResultOptional()
            .orElseThrow(
                () ->
                    new ProblemException(
                        ProblemType.NOT_FOUND,
                        "release "
                            + version
                            + " of '"
                            + product
                            + "' has no component '"
                            + component
                            + "'"));
    if (artifact.externalUrl != null) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "component '"
              + component
              + "' is served from its external URL "
              + artifact.externalUrl
              + "; nothing to upload");
    }
    return artifact;
  }

  private Release draft(String product, String version) {
    Release release = releases.require(product, version);
    if (release.state != ReleaseState.DRAFT) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "release "
              + version
              + " of '"
              + product
              + "' is "
              + release.state.name().toLowerCase(Locale.ROOT)
              + "; only drafts can change");
    }
    return release;
  }
}
