package org.openupdate.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.manifest.pgp.GeneratedKey;
import org.openupdate.manifest.pgp.PgpKeys;

/**
 * {@code update-client root} from the packaged jar, as a vendor uses it offline: write root 1, have
 * it signed, write root 2 with another root key and signing key, sign it with the old and the new
 * root key, verify the chain.
 */
class RootToolIT {
  private static final Path JAR = Path.of("target/update-client.jar");

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private Run run(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-jar",
                JAR.toAbsolutePath().toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** Writes a fresh key's secret and public halves; returns the secret file. */
  private Path key(String name) throws IOException {
    GeneratedKey key = PgpKeys.generateEd25519(name + " <" + name + "@test>", null);
    Files.writeString(dir.resolve(name + ".pub.asc"), key.armoredPublicKey());
    return Files.writeString(dir.resolve(name + ".sec.asc"), key.armoredSecretKey());
  }

  private String fingerprint(String name) throws IOException {
    return PgpKeys.fingerprints(Files.readAllBytes(dir.resolve(name + ".pub.asc"))).get(0).hex();
  }

  private String pub(String name) {
    return dir.resolve(name + ".pub.asc").toString();
  }

  @Test
  void shouldWriteSignAndVerifyAChainOfRoots() throws Exception {
    Path rootA = key("root-a");
    Path rootB = key("root-b");
    key("signing-1");
    key("signing-2");
    key("timestamp");
    Path first = dir.resolve("root-1.json");
    Path second = dir.resolve("root-2.json");

    Run init =
        run(
            "root",
            "init",
            "--add-root-key",
            pub("root-a"),
            "--add-signing-key",
            pub("signing-1"),
            "--timestamp-key",
            pub("timestamp"),
            "-o",
            first.toString());
    assertThat(init.exit()).as(init.err()).isZero();
    assertThat(run("sign", first.toString(), "--key", rootA.toString()).exit()).isZero();
    Run next =
        run(
            "root",
            "next",
            first.toString(),
            "--add-root-key",
            pub("root-b"),
            "--remove-root-key",
            fingerprint("root-a"),
            "--add-signing-key",
            pub("signing-2"),
            "--remove-signing-key",
            fingerprint("signing-1"),
            "--expires-in",
            "30",
            "-o",
            second.toString());
    assertThat(next.exit()).as(next.err()).isZero();
    assertThat(next.out()).contains("wrote root version 2");
    String document = Files.readString(second, StandardCharsets.UTF_8);
    assertThat(document)
        .contains(fingerprint("root-b"), fingerprint("signing-2"))
        .doesNotContain(fingerprint("root-a"), fingerprint("signing-1"));

    // Signed by the new root key only: the old root's holder has not signed yet.
    assertThat(run("sign", second.toString(), "--key", rootB.toString()).exit()).isZero();
    Run half = run("root", "verify", first.toString(), second.toString());
    assertThat(half.exit()).isEqualTo(4);
    assertThat(half.err())
        .contains("root version 2 is not signed by 1 of the root keys of version 1");

    assertThat(
            run("sign", second.toString(), "--key", rootA.toString(), "--key", rootB.toString())
                .exit())
        .isZero();
    Run verified = run("root", "verify", first.toString(), second.toString());
    assertThat(verified.exit()).as(verified.err()).isZero();
    assertThat(verified.out()).contains("is root version 1", "is root version 2");

    Files.writeString(second, document.replace("\"threshold\" : 1", "\"threshold\" : 2"));
    Run tampered = run("root", "verify", first.toString(), second.toString());
    assertThat(tampered.exit()).isEqualTo(4);
    assertThat(tampered.err()).contains("does not match the data");
  }

  @Test
  void shouldRefuseToWriteARootWhoseThresholdExceedsItsKeys() throws Exception {
    key("root-a");
    key("signing-1");
    key("timestamp");

    Run init =
        run(
            "root",
            "init",
            "--add-root-key",
            pub("root-a"),
            "--root-threshold",
            "2",
            "--add-signing-key",
            pub("signing-1"),
            "--timestamp-key",
            pub("timestamp"),
            "-o",
            dir.resolve("root-1.json").toString());

    assertThat(init.exit()).isEqualTo(2);
    assertThat(init.err()).contains("field 'rootKeys.threshold' must be between 1 and 1, was 2");
    assertThat(dir.resolve("root-1.json")).doesNotExist();
  }
}
