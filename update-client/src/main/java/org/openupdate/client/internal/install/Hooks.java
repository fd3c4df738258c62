package org.openupdate.client.internal.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a configured shell command with the update's versions and paths in its environment. Output
 * is appended to {@code <stateDir>/hooks.log}; a failure message carries its last lines.
 */
public final class Hooks {
  private final Path log;
  private final Path workDir;
  private final Duration timeout;

  public Hooks(Path stateDir, Path workDir, Duration timeout) {
    this.log = stateDir.resolve("hooks.log");
    this.workDir = workDir;
    this.timeout = timeout;
  }

  /** Result of one run: exit code 0 is success. */
  public record Run(boolean succeeded, String problem) {}

  public Run run(String name, String command, Map<String, String> environment) {
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(
          log,
          "--- " + name + ": " + command + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      long before = Files.size(log);
      ProcessBuilder builder =
          new ProcessBuilder(List.of("/bin/sh", "-c", command))
              .directory(Files.isDirectory(workDir) ? workDir.toFile() : null)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        return new Run(false, name + " hook timed out after " + timeout.toSeconds() + " s");
      }
      if (process.exitValue() != 0) {
        return new Run(false, name + " hook exited with " + process.exitValue() + tail(before));
      }
      return new Run(true, "");
    } catch (IOException e) {
      return new Run(false, name + " hook could not run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Run(false, name + " hook interrupted");
    }
  }

  private String tail(long from) throws IOException {
    byte[] all = Files.readAllBytes(log);
    String output =
        new String(
                all,
                (int) Math.min(from, all.length),
                (int) Math.max(0, all.length - from),
                StandardCharsets.UTF_8)
            .strip();
    if (output.isEmpty()) {
      return "";
    }
    List<String> lines = output.lines().toList();
    return ": " + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
  }
}
