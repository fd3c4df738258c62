package org.openupdate.server.delta;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Makes one delta outside the server, with the server's default limits, for {@code
 * bench/delta-bench.sh}: {@code java -cp 'quarkus-app/app/*:quarkus-app/lib/main/*'
 * org.openupdate.server.delta.DeltaTool OLD NEW DELTA}.
 */
public final class DeltaTool {
  private DeltaTool() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: DeltaTool <old artifact> <new artifact> <delta file>");
      System.exit(2);
    }
    Path work = Files.createTempDirectory("delta-tool-");
    long start = System.nanoTime();
    try {
      long deadline = start + Duration.ofMinutes(10).toNanos();
      ComponentTree base = ComponentTree.read(Path.of(args[0]), work.resolve("old"), 200_000);
      ComponentTree target = ComponentTree.read(Path.of(args[1]), work.resolve("new"), 200_000);
      DeltaWriter.write(
          base, target, Path.of(args[2]), new DeltaWriter.Limits(32L << 20, deadline));
    } finally {
      ComponentTree.deleteTree(work);
    }
    System.out.printf(
        "delta of %d bytes made in %.3f s%n",
        Files.size(Path.of(args[2])), (System.nanoTime() - start) / 1e9);
  }
}
