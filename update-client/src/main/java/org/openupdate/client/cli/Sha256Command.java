package org.openupdate.client.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.openupdate.client.internal.Sha256;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Prints a file's SHA-256 like {@code sha256sum}, with the code path downloads are verified with;
 * vendors fill manifests with it and bench/client-footprint.sh measures its throughput.
 */
@Command(
    name = "sha256",
    description = "Print FILE's SHA-256 (as sha256sum does); throughput goes to standard error.")
final class Sha256Command implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE")
  Path file;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(file)) {
      System.err.println("update-client sha256: not a file: " + file);
      return 2;
    }
    long start = System.nanoTime();
    String hash = Sha256.of(file);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.println(hash + "  " + file);
    System.err.println(
        String.format(
            Locale.ROOT,
            "hashed %d bytes in %.3f s: %.1f MB/s",
            Files.size(file),
            seconds,
            Files.size(file) / 1e6 / seconds));
    return ExitCode.OK;
  }
}
