package org.openupdate.client;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.openupdate.client.internal.Agent;
import org.openupdate.client.internal.config.ConfigLoader;

/**
 * The update agent as a library. Build one from a configuration file, then check, apply, run the
 * polling loop, roll back or ask for status.
 *
 * <pre>{@code
 * UpdateClient client = UpdateClient.builder().configFile(Path.of("/etc/update-client.json")).build();
 * UpdateClient.Result result = client.apply(false);
 * if (result.outcome() == UpdateClient.Outcome.ROLLED_BACK) { ... }
 * }</pre>
 *
 * <p>Instances are safe to use from one thread; two agents on one machine exclude each other with a
 * lock file, so at most one update is applied at a time.
 */
public final class UpdateClient {
  private final Agent agent;

  private UpdateClient(Agent agent) {
    this.agent = agent;
  }

  public static Builder builder() {
    return new Builder(null, Clock.systemUTC(), System.err::println, false);
  }

  /** How an operation ended. */
  public enum Outcome {
    /** No newer release is offered. */
    UP_TO_DATE,
    /** A verified release is offered (and downloaded) but not installed: no auto-install. */
    AVAILABLE,
    /** The release was installed and passed its health check. */
    INSTALLED,
    /** The release was installed, failed, and the previous version was restored. */
    ROLLED_BACK,
    /** Something failed; nothing was switched, or the failure left the new version running. */
    FAILED,
    /** The offered release was refused (signature, expiry, product, downgrade, hash, size...). */
    REFUSED,
    /**
     * The offered release is skipped on this machine (it was left by a manual rollback or a recall)
     * until a newer one is offered or {@link UpdateClient#unskip} lifts it.
     */
    SKIPPED,
    /** {@link UpdateClient#unskip} allowed a skipped version again. */
    UNSKIPPED,
    /** {@link UpdateClient#dismiss} skips the waiting version until a newer one is offered. */
    DISMISSED,
    /** {@link UpdateClient#schedule} recorded when the waiting version is installed. */
    SCHEDULED,
    /** Another agent holds the install lock. */
    BUSY,
    /** A verified release waits for the maintenance window. */
    OUTSIDE_WINDOW,
    /** The server could not be asked; try again later. */
    UNREACHABLE,
    /**
     * No fresh signed timestamp of the channel could be had after the last one expired: the answer
     * may be an old view of the channel a mirror or network keeps serving; nothing was installed.
     */
    FREEZE_SUSPECTED,
    /**
     * The server refuses this configuration (unknown product or channel, license missing or
     * refused); the message names the configuration field to fix.
     */
    MISCONFIGURED
  }

  /**
   * The result of an operation.
   *
   * @param version the release concerned, empty when none
   * @param retryAfter how long the server asked us to wait, when it did
   */
  public record Result(
      Outcome outcome, String version, String message, Optional<Duration> retryAfter) {
    public Result {
      Objects.requireNonNull(outcome, "outcome");
      version = version == null ? "" : version;
      message = message == null ? "" : message;
      retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
    }
  }

  /**
   * What {@code update-client status} shows.
   *
   * @param keptVersions the version folders kept for rollback, newest first
   * @param failedVersions versions whose install or health check failed on this machine; {@code
   *     rollback} without a version never picks them
   * @param skippedVersions versions the agent will not install, with why, until a newer release is
   *     offered or {@link UpdateClient#unskip} lifts them
   * @param scheduledInstall {@code "1.2.0 at 2026-12-01T22:00:00Z"}, empty when none
   * @param sequences per channel, the highest manifest sequence of a release installed here; older
   *     manifests are refused as replays
   * @param platform where the agent runs, as sent in {@code X-Platform}
   * @param reportOnly the agent checks and reports but installs nothing (containers by default)
   * @param trustRoot the trust root manifests are verified with, and what last went wrong following
   *     the server's newer roots
   * @param freshness the channel's last verified timestamp, or "freeze suspected" once it expired
   * @param nextCheck when the daemon checks next, e.g. {@code "2026-12-02T01:00:00Z (backing off:
   *     misconfigured)"}; empty when no daemon has run here
   */
  public record Status(
      String state,
      String reason,
      String currentVersion,
      List<String> keptVersions,
      List<String> failedVersions,
      Map<String, String> skippedVersions,
      String scheduledInstall,
      Map<String, Long> sequences,
      String highestSeen,
      int queuedReports,
      String clientId,
      String platform,
      boolean reportOnly,
      String trustRoot,
      String freshness,
      String nextCheck) {}

  /** Asks the server, verifies what it offers, and says what would be installed. */
  public Result check() {
    return agent.check();
  }

  /** Installs the offered release now; outside the window only when {@code ignoreWindow}. */
  public Result apply(boolean ignoreWindow) {
    return agent.apply(ignoreWindow);
  }

  /** One cycle of the daemon: installs only with auto-install or a mandatory release. */
  public Result runOnce() {
    return agent.cycle();
  }

  /**
   * The daemon loop: cycles, waiting the check interval (with jitter) between cycles, until a newer
   * agent is staged by a self-update (the launcher then starts it).
   */
  public void run() throws InterruptedException {
    agent.loop();
  }

  /**
   * Switches back to {@code version}, or to the newest kept version older than the running one that
   * passed its health check on this machine.
   */
  public Result rollback(Optional<String> version) {
    return agent.rollback(version);
  }

  /**
   * Allows {@code version} again after a manual rollback or a recall made the agent skip it; the
   * next cycle may install it.
   */
  public Result unskip(String version) {
    return agent.unskip(version);
  }

  /**
   * Skips the update waiting here (the one {@code notice.json} names) until a newer release is
   * offered; {@link Outcome#REFUSED} for a mandatory release past its install deadline.
   */
  public Result dismiss(String version) {
    return agent.dismiss(version);
  }

  /**
   * Installs the update waiting here at {@code at}, inside the maintenance window or not, once; the
   * daemon ({@link #run}) does it.
   */
  public Result schedule(String version, Instant at) {
    return agent.schedule(version, at);
  }

  public Status status() {
    return agent.status();
  }

  /** Immutable builder: every setter returns a new builder. */
  public static final class Builder {
    private final Path configFile;
    private final Clock clock;
    private final Consumer<String> log;
    private final boolean progressBar;

    private Builder(Path configFile, Clock clock, Consumer<String> log, boolean progressBar) {
      this.configFile = configFile;
      this.clock = clock;
      this.log = log;
      this.progressBar = progressBar;
    }

    /** The JSON configuration file (required). */
    public Builder configFile(Path file) {
      return new Builder(Objects.requireNonNull(file, "configFile"), clock, log, progressBar);
    }

    /** The clock maintenance windows, expiry and deadlines are judged by (default: system UTC). */
    public Builder clock(Clock value) {
      return new Builder(configFile, Objects.requireNonNull(value, "clock"), log, progressBar);
    }

    /** Where progress messages go (default: standard error). */
    public Builder log(Consumer<String> value) {
      return new Builder(configFile, clock, Objects.requireNonNull(value, "log"), progressBar);
    }

    /** Draw a progress bar for downloads on standard error. */
    public Builder progressBar(boolean value) {
      return new Builder(configFile, clock, log, value);
    }

    /**
     * Loads and validates the configuration.
     *
     * @throws IllegalArgumentException naming the configuration field that is wrong
     */
    public UpdateClient build() {
      if (configFile == null) {
        throw new IllegalArgumentException("UpdateClient needs a configFile");
      }
      try {
        return new UpdateClient(new Agent(ConfigLoader.load(configFile), clock, log, progressBar));
      } catch (org.openupdate.client.internal.config.ConfigException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
  }
}
