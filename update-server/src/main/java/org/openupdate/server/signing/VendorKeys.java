package org.openupdate.server.signing;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.openupdate.manifest.pgp.Fingerprint;
import org.openupdate.manifest.pgp.PgpKeys;
import org.openupdate.manifest.pgp.SignatureVerifier;
import org.openupdate.manifest.pgp.TrustedKeys;
import org.openupdate.manifest.pgp.Verification;

/** Vendor keys trusted for offline signatures: only keys pinned by their full fingerprint. */
@Startup
@ApplicationScoped
public class VendorKeys {

  @Inject SigningConfig config;
  @Inject Clock clock;

  private Optional<SignatureVerifier> verifier;

  @PostConstruct
  void load() {
    List<Path> files = config.trustedVendorKeys().orElse(List.of());
    List<String> pins = config.trustedVendorFingerprints().orElse(List.of());
    if (files.isEmpty() && pins.isEmpty()) {
      verifier = Optional.empty();
      return;
    }
    if (pins.isEmpty()) {
      throw new IllegalStateException(
          "openupdate.signing.trusted-vendor-keys is set but trusted-vendor-fingerprints is not: pin"
              + " each trusted vendor key by its full fingerprint");
    }
    List<PGPPublicKeyRing> keys = files.stream().flatMap(f -> read(f).stream()).toList();
    TrustedKeys trusted = TrustedKeys.pinned(keys, pins.stream().map(Fingerprint::parse).toList());
    verifier = Optional.of(new SignatureVerifier(trusted, 1, clock));
  }

  /** The verdict on an offline signature; empty when no vendor key is trusted at all. */
  public Optional<Verification> verify(byte[] data, byte[] signature) {
    return verifier.map(v -> v.verify(data, signature));
  }

  private static List<PGPPublicKeyRing> read(Path file) {
    try {
      return PgpKeys.readPublicKeys(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read trusted vendor key file " + file, e);
    }
  }
}
