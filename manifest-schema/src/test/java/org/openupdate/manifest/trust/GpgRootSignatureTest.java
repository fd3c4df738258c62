package org.openupdate.manifest.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openupdate.manifest.pgp.SigningKey;

/**
 * Root key holders sign with {@code gpg --detach-sign} on their own machines; their signature
 * files, put together, make the signature of the new root. Real gpg, with the GnuPG test vectors'
 * keys as root keys.
 */
class GpgRootSignatureTest {
  private static final String ED25519 = "923B76B73C91A5257E1404206ED835603A04B3DD";
  private static final String PROTECTED = "81EC06EB22CF648EC0C81DB2AADA209931D46738";
  private static final String PASSPHRASE = "correct horse battery staple";

  private final SigningKey signing = RootKeys.generate("signing");
  private final SigningKey nextSigning = RootKeys.generate("next-signing");
  private final SigningKey timestampKey = RootKeys.generate("timestamp");
  private Path home;

  @BeforeEach
  void gnupgHome() throws Exception {
    assumeTrue(gpgInstalled(), "gpg is not installed: GnuPG root signing tests skipped");
    home = Files.createTempDirectory("gpg-root");
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
    for (String key : List.of("vendor-ed25519.sec.asc", "vendor-protected.sec.asc")) {
      Path file = Files.write(home.resolve(key), vector(key));
      Result imported =
          gpg(
              "--pinentry-mode",
              "loopback",
              "--passphrase",
              PASSPHRASE,
              "--import",
              file.toString());
      assertThat(imported.exit()).as(imported.output()).isZero();
    }
  }

  @AfterEach
  void removeHome() throws Exception {
    if (home != null) {
      run("gpgconf", "--homedir", home.toString(), "--kill", "all");
      try (var files = Files.walk(home)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void shouldAcceptARootSignedByTwoKeyHoldersWithGpg() throws Exception {
    TrustRoot first = root(1, signing);
    byte[] next = TrustRoots.write(root(2, nextSigning));
    Path file = Files.write(home.resolve("root-2.json"), next);

    byte[] byFirst = gpgSign(file, ED25519, "");
    byte[] bySecond = gpgSign(file, PROTECTED, PASSPHRASE);
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.write(byFirst);
    both.write(bySecond);

    TrustRoot accepted = TrustRoots.next(first, next, both.toByteArray(), Clock.systemUTC());

    assertThat(accepted.signingKeys().fingerprints())
        .containsExactly(nextSigning.fingerprint().hex());
  }

  @Test
  void shouldRefuseARootOnlyOneOfTwoRequiredKeyHoldersSignedWithGpg() throws Exception {
    TrustRoot first = root(1, signing);
    byte[] next = TrustRoots.write(root(2, nextSigning));
    Path file = Files.write(home.resolve("root-2.json"), next);

    byte[] byFirst = gpgSign(file, ED25519, "");

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> TrustRoots.next(first, next, byFirst, Clock.systemUTC()))
        .isInstanceOf(TrustException.class)
        .hasMessageContaining("need good signatures from 2 pinned key(s), got 1");
  }

  /** Root keys: the two GnuPG vector keys, both needed. */
  private TrustRoot root(int version, SigningKey signingKey) throws IOException {
    List<TrustRoot.PublicKey> keys = new ArrayList<>();
    keys.add(new TrustRoot.PublicKey(ED25519, armoredPublic("vendor-ed25519.pub.asc")));
    keys.add(new TrustRoot.PublicKey(PROTECTED, armoredPublic("vendor-protected.pub.asc")));
    keys.add(RootKeys.entry(signingKey));
    keys.add(RootKeys.entry(timestampKey));
    return TrustRoots.parse(
        TrustRoots.write(
            new TrustRoot(
                version,
                Instant.now().plus(Duration.ofDays(365)),
                keys,
                new TrustRoot.KeySet(2, List.of(ED25519, PROTECTED)),
                RootKeys.set(1, signingKey),
                timestampKey.fingerprint().hex())));
  }

  private byte[] gpgSign(Path file, String key, String passphrase) throws Exception {
    Path sig = home.resolve(file.getFileName() + "." + key + ".asc");
    Result signed =
        gpg(
            "--pinentry-mode",
            "loopback",
            "--passphrase",
            passphrase,
            "--local-user",
            key,
            "--armor",
            "--output",
            sig.toString(),
            "--detach-sign",
            file.toString());
    assertThat(signed.exit()).as(signed.output()).isZero();
    return Files.readAllBytes(sig);
  }

  private static String armoredPublic(String name) throws IOException {
    return new String(vector(name), StandardCharsets.US_ASCII);
  }

  private static byte[] vector(String name) throws IOException {
    try (InputStream in = GpgRootSignatureTest.class.getResourceAsStream("/openpgp/" + name)) {
      return in.readAllBytes();
    }
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
