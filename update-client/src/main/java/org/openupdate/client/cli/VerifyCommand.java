package org.openupdate.client.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.openupdate.manifest.pgp.Fingerprint;
import org.openupdate.manifest.pgp.PgpKeys;
import org.openupdate.manifest.pgp.SignatureVerifier;
import org.openupdate.manifest.pgp.TrustedKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "verify",
    description = "Verify a detached OpenPGP signature over FILE with pinned keys (offline).")
final class VerifyCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE")
  Path file;

  @Parameters(index = "1", paramLabel = "SIG")
  Path signature;

  @Option(
      names = "--key",
      required = true,
      description = "public key file (armored or binary); repeatable")
  List<Path> keys;

  @Option(
      names = "--fingerprint",
      required = true,
      description = "full fingerprint to trust; repeatable")
  List<String> fingerprints;

  @Option(names = "--threshold", defaultValue = "1", description = "signatures needed (default 1)")
  int threshold;

  @Override
  public Integer call() throws Exception {
    List<PGPPublicKeyRing> rings = new ArrayList<>();
    List<Fingerprint> pins = new ArrayList<>();
    try {
      for (Path key : keys) {
        rings.addAll(PgpKeys.readPublicKeys(Files.readAllBytes(key)));
      }
      for (String pin : fingerprints) {
        pins.add(Fingerprint.parse(pin));
      }
    } catch (RuntimeException | java.io.IOException e) {
      System.err.println("update-client verify: " + e.getMessage());
      return 2;
    }
    var verification =
        new SignatureVerifier(TrustedKeys.pinned(rings, pins), threshold, Clock.systemUTC())
            .verify(Files.readAllBytes(file), Files.readAllBytes(signature));
    if (verification.valid()) {
      System.out.println("valid: " + file + " signed by " + verification.signers());
      return ExitCode.OK;
    }
    System.err.println("invalid: " + file + ": " + String.join("; ", verification.problems()));
    return ExitCode.REFUSED;
  }
}
