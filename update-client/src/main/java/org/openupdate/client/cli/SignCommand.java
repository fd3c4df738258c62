package org.openupdate.client.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.openupdate.manifest.pgp.DetachedSigner;
import org.openupdate.manifest.pgp.PgpKeys;
import org.openupdate.manifest.pgp.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "sign",
    description =
        "Sign a release manifest offline with armored secret key(s); writes MANIFEST.asc.")
final class SignCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MANIFEST")
  Path manifest;

  @Option(names = "--key", required = true, description = "armored secret key file; repeatable")
  List<Path> keys;

  @Option(names = "--passphrase-file", description = "file holding the keys' passphrase")
  Path passphraseFile;

  @Option(names = "--passphrase-env", description = "environment variable holding the passphrase")
  String passphraseEnv;

  @Option(
      names = {"-o", "--output"},
      description = "signature file (default MANIFEST.asc)")
  Path output;

  @Override
  public Integer call() throws Exception {
    char[] passphrase = new char[0];
    if (passphraseFile != null) {
      passphrase = Files.readString(passphraseFile, StandardCharsets.UTF_8).strip().toCharArray();
    } else if (passphraseEnv != null) {
      String value = System.getenv(passphraseEnv);
      if (value == null) {
        System.err.println(
            "update-client sign: environment variable " + passphraseEnv + " is not set");
        return 2;
      }
      passphrase = value.toCharArray();
    }
    List<SigningKey> signingKeys = new ArrayList<>();
    try {
      for (Path key : keys) {
        signingKeys.add(PgpKeys.readSigningKey(Files.readAllBytes(key), passphrase));
      }
    } catch (RuntimeException e) {
      System.err.println("update-client sign: cannot use the key: " + e.getMessage());
      return 2;
    }
    byte[] signature =
        DetachedSigner.sign(Files.readAllBytes(manifest), signingKeys, Instant.now());
    Path target =
        output != null ? output : manifest.resolveSibling(manifest.getFileName() + ".asc");
    Files.write(target, signature);
    System.out.println(
        "signed "
            + manifest
            + " -> "
            + target
            + " with "
            + signingKeys.stream().map(k -> k.fingerprint().hex()).toList());
    return ExitCode.OK;
  }
}
