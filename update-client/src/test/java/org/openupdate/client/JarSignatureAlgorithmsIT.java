package org.openupdate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged jar signs and verifies with every key kind GnuPG makes for signing: RSA, ECDSA on
 * the NIST and Brainpool curves, EdDSA. The build drops every class the jar's code cannot name (see
 * src/build/JarSqueeze.java); a primitive, digest or cipher cut away by mistake fails here, in the
 * very jar that ships. Keys are made by gpg with a passphrase, so signing also decrypts a protected
 * secret key (a symmetric cipher and the S2K digest).
 */
class JarSignatureAlgorithmsIT {
  private static final Path JAR =
      Path.of(System.getProperty("client.jar", "target/update-client.jar"));
  private static final String PASSPHRASE = "correct horse battery staple";
  private static final byte[] MANIFEST =
      "{\"product\":\"hello\",\"version\":\"1.2.3\"}".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private Path gnupgHome;

  @BeforeEach
  void gnupgHome() throws Exception {
    assumeTrue(gpgInstalled(), "gpg is not installed: the jar's algorithm tests are skipped");
    // gpg-agent's socket path must stay short, so not below the test's temp dir.
    gnupgHome = Files.createTempDirectory("gpg");
    Files.setPosixFilePermissions(gnupgHome, PosixFilePermissions.fromString("rwx------"));
  }

  @AfterEach
  void stopAgent() throws Exception {
    if (gnupgHome != null) {
      run(List.of("gpgconf", "--homedir", gnupgHome.toString(), "--kill", "all"), Map.of());
      try (var files = Files.walk(gnupgHome)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rsa2048",
        "rsa3072",
        "nistp256",
        "nistp384",
        "nistp521",
        "brainpoolP256r1",
        "ed25519"
      })
  void shouldVerifyWhatGpgSignsAndSignWhatGpgVerifies(String algorithm) throws Exception {
    String fingerprint = generateKey(algorithm);
    Path manifest = Files.write(dir.resolve("manifest.json"), MANIFEST);
    Path publicKey = dir.resolve("vendor.pub.asc");
    Path secretKey = dir.resolve("vendor.sec.asc");
    assertThat(gpg("--armor", "--output", publicKey.toString(), "--export", fingerprint).exit())
        .isZero();
    Result exported =
        gpg(
            "--pinentry-mode",
            "loopback",
            "--passphrase",
            PASSPHRASE,
            "--armor",
            "--output",
            secretKey.toString(),
            "--export-secret-keys",
            fingerprint);
    assertThat(exported.exit()).as(exported.output()).isZero();
    Path gpgSignature = dir.resolve("manifest.json.gpg.asc");
    Result signed =
        gpg(
            "--pinentry-mode",
            "loopback",
            "--passphrase",
            PASSPHRASE,
            "--armor",
            "--detach-sign",
            "--output",
            gpgSignature.toString(),
            manifest.toString());
    assertThat(signed.exit()).as(signed.output()).isZero();

    Result verified = agent("verify", manifest, gpgSignature, publicKey, fingerprint);
    assertThat(verified.exit()).as(verified.output()).isZero();
    assertThat(verified.output()).contains("valid", fingerprint);

    Path agentSignature = dir.resolve("manifest.json.agent.asc");
    Result agentSigned =
        run(
            jar(
                "sign",
                manifest.toString(),
                "--key",
                secretKey.toString(),
                "--passphrase-env",
                "VENDOR_PASSPHRASE",
                "-o",
                agentSignature.toString()),
            Map.of("VENDOR_PASSPHRASE", PASSPHRASE));
    assertThat(agentSigned.exit()).as(agentSigned.output()).isZero();
    Result gpgVerified =
        gpg("--status-fd", "1", "--verify", agentSignature.toString(), manifest.toString());
    assertThat(gpgVerified.exit()).as(gpgVerified.output()).isZero();
    assertThat(gpgVerified.output()).contains("VALIDSIG " + fingerprint);
    assertThat(agent("verify", manifest, agentSignature, publicKey, fingerprint).exit()).isZero();

    Files.writeString(manifest, "{\"product\":\"hello\",\"version\":\"9.9.9\"}");
    Result tampered = agent("verify", manifest, gpgSignature, publicKey, fingerprint);
    assertThat(tampered.exit()).as(tampered.output()).isEqualTo(4);
  }

  /** A primary key that only signs, protected by the passphrase; returns its fingerprint. */
  private String generateKey(String algorithm) throws Exception {
    Result generated =
        gpg(
            "--pinentry-mode",
            "loopback",
            "--passphrase",
            PASSPHRASE,
            "--quick-generate-key",
            "Vendor " + algorithm + " <vendor@example.org>",
            algorithm,
            "sign",
            "never");
    assertThat(generated.exit()).as(generated.output()).isZero();
    for (String line : gpg("--with-colons", "--list-keys").output().split("\n")) {
      if (line.startsWith("fpr:")) {
        return line.split(":")[9];
      }
    }
    throw new AssertionError("gpg listed no fingerprint for the new " + algorithm + " key");
  }

  private Result agent(
      String command, Path manifest, Path signature, Path publicKey, String fingerprint)
      throws Exception {
    return run(
        jar(
            command,
            manifest.toString(),
            signature.toString(),
            "--key",
            publicKey.toString(),
            "--fingerprint",
            fingerprint),
        Map.of());
  }

  private static List<String> jar(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-jar",
                JAR.toAbsolutePath().toString()));
    command.addAll(List.of(args));
    return command;
  }

  private Result gpg(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("gpg", "--homedir", gnupgHome.toString(), "--batch", "--no-tty"));
    command.addAll(List.of(args));
    return run(command, Map.of());
  }

  private static Result run(List<String> command, Map<String, String> environment)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static boolean gpgInstalled() {
    try {
      return run(List.of("gpg", "--version"), Map.of()).exit() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private record Result(int exit, String output) {}
}
