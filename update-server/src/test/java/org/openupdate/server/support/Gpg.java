package org.openupdate.server.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real gpg in a throw-away GNUPGHOME; tests using it are skipped where gpg is not installed.
 */
public final class Gpg {

  public record Result(int exitCode, String output) {}

  private final Path home;

  private Gpg(Path home) {
    this.home = home;
  }

  public static Gpg inTempHome(Path temp) throws IOException {
    assumeTrue(installed(), "gpg is not installed");
    Path home = Files.createDirectories(temp.resolve("gnupg"));
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
    return new Gpg(home);
  }

  public void importKey(byte[] armored) throws IOException, InterruptedException {
    Path file = Files.createTempFile(home, "key", ".asc");
    Files.write(file, armored);
    Result result = run("--import", file.toString());
    if (result.exitCode() != 0) {
      throw new IllegalStateException("gpg --import failed: " + result.output());
    }
  }

  public Result run(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "gpg",
                "--homedir",
                home.toString(),
                "--batch",
                "--no-tty",
                "--pinentry-mode",
                "loopback",
                "--passphrase",
                ""));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("gpg did not finish: " + command);
    }
    return new Result(process.exitValue(), output);
  }

  private static boolean installed() {
    try {
      Process p = new ProcessBuilder("gpg", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
