package org.openupdate.manifest.pgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What this code signs passes {@code gpg --verify}, and what gpg signs with a subkey verifies here.
 */
class GpgInteropTest {

  private static final byte[] DATA = Vectors.bytes("manifest.json");

  private Path home;

  @BeforeEach
  void gnupgHome() throws IOException {
    assumeTrue(gpgInstalled(), "gpg is not installed: GnuPG interoperability tests skipped");
    home = Files.createTempDirectory("gpg");
    Files.setPosixFilePermissions(
        home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
  }

  @AfterEach
  void stopAgent() throws Exception {
    if (home != null) {
      run("gpgconf", "--homedir", home.toString(), "--kill", "all");
      try (var files = Files.walk(home)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void shouldProduceSignaturesGpgVerifies() throws Exception {
    SigningKey vendor = PgpKeys.readSigningKey(Vectors.bytes("vendor-ed25519.sec.asc"), null);
    importKey(Vectors.bytes("vendor-ed25519.pub.asc"));

    Result result = gpgVerify(DetachedSigner.sign(DATA, List.of(vendor), Instant.now()), DATA);

    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output()).contains("VALIDSIG " + Vectors.VENDOR_ED25519.hex());
  }

  @Test
  void shouldProduceRotationSignaturesGpgVerifiesForBothKeys() throws Exception {
    SigningKey vendor = PgpKeys.readSigningKey(Vectors.bytes("vendor-ed25519.sec.asc"), null);
    SigningKey next =
        PgpKeys.readSigningKey(
            Vectors.bytes("vendor-protected.sec.asc"), Vectors.PROTECTED_PASSPHRASE);
    importKey(Vectors.bytes("vendor-ed25519.pub.asc"));
    importKey(Vectors.bytes("vendor-protected.pub.asc"));

    Result result =
        gpgVerify(DetachedSigner.sign(DATA, List.of(vendor, next), Instant.now()), DATA);

    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output())
        .contains("VALIDSIG " + Vectors.VENDOR_ED25519.hex())
        .contains("VALIDSIG " + Vectors.VENDOR_PROTECTED.hex());
  }

  @Test
  void shouldProduceGeneratedKeySignaturesGpgVerifies() throws Exception {
    GeneratedKey generated = PgpKeys.generateEd25519("Dev <dev@example.org>", null);
    SigningKey key =
        PgpKeys.readSigningKey(
            generated.armoredSecretKey().getBytes(StandardCharsets.US_ASCII), null);
    importKey(generated.armoredPublicKey().getBytes(StandardCharsets.US_ASCII));

    Result good = gpgVerify(DetachedSigner.sign(DATA, List.of(key), Instant.now()), DATA);
    Result tampered =
        gpgVerify(
            DetachedSigner.sign(DATA, List.of(key), Instant.now()),
            Vectors.bytes("manifest-tampered.json"));

    assertThat(good.exit()).as(good.output()).isZero();
    assertThat(good.output()).contains("VALIDSIG " + generated.fingerprint().hex());
    assertThat(tampered.exit()).isNotZero();
  }

  @Test
  void shouldCountGpgSignatureFromSubkeyBoundToPinnedPrimary() throws Exception {
    importKey(Vectors.bytes("vendor-ed25519.sec.asc"));
    Result added =
        gpg(
            "--pinentry-mode",
            "loopback",
            "--passphrase",
            "",
            "--quick-add-key",
            Vectors.VENDOR_ED25519.hex(),
            "ed25519",
            "sign",
            "0");
    assertThat(added.exit()).as(added.output()).isZero();
    String subkey = signingSubkeyFingerprint();
    Path data = write("data", DATA);
    Path sig = home.resolve("data.asc");
    Result signed =
        gpg(
            "--pinentry-mode",
            "loopback",
            "--passphrase",
            "",
            "--local-user",
            subkey + "!",
            "--armor",
            "--output",
            sig.toString(),
            "--detach-sign",
            data.toString());
    assertThat(signed.exit()).as(signed.output()).isZero();
    byte[] exported =
        gpg("--armor", "--export", Vectors.VENDOR_ED25519.hex())
            .output()
            .getBytes(StandardCharsets.US_ASCII);

    SignatureVerifier verifier =
        new SignatureVerifier(
            TrustedKeys.pinned(PgpKeys.readPublicKeys(exported), List.of(Vectors.VENDOR_ED25519)),
            1,
            Clock.systemUTC());
    Verification v = verifier.verify(DATA, Files.readAllBytes(sig));

    assertThat(v.valid()).as(v.problems().toString()).isTrue();
    assertThat(v.signers()).containsExactly(Vectors.VENDOR_ED25519);
  }

  private String signingSubkeyFingerprint() throws Exception {
    String listing = gpg("--with-colons", "--list-keys", Vectors.VENDOR_ED25519.hex()).output();
    String[] lines = listing.split("\n");
    String last = null;
    for (int i = 0; i < lines.length; i++) {
      String[] f = lines[i].split(":", -1);
      if (f[0].equals("sub") && f[11].contains("s") && i + 1 < lines.length) {
        last = lines[i + 1].split(":", -1)[9];
      }
    }
    assertThat(last).as("signing subkey in " + listing).isNotNull();
    return last;
  }

  private void importKey(byte[] key) throws Exception {
    Result r = gpg("--import", write("key-" + System.nanoTime() + ".asc", key).toString());
    assertThat(r.exit()).as(r.output()).isZero();
  }

  private Result gpgVerify(byte[] signature, byte[] data) throws Exception {
    Path sig = write("sig-" + System.nanoTime() + ".asc", signature);
    Path file = write("data-" + System.nanoTime(), data);
    return gpg("--status-fd", "1", "--verify", sig.toString(), file.toString());
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(home.resolve(name), bytes);
  }

  private Result gpg(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--no-tty"));
    command.addAll(List.of(args));
    return run(command.toArray(String[]::new));
  }

  private static Result run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static boolean gpgInstalled() {
    try {
      return run("gpg", "--version").exit() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private record Result(int exit, String output) {}
}
