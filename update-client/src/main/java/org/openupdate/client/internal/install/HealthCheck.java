package org.openupdate.client.internal.install;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.openupdate.client.internal.config.ClientConfig.HealthCheckConfig;

/**
 * Asks the freshly switched application whether it is healthy, every {@code interval}, until it
 * says yes or {@code timeout} passes (a new version may need a while to start).
 */
public final class HealthCheck {
  private final Optional<HealthCheckConfig> config;
  private final Hooks hooks;
  private final Duration timeout;

  public HealthCheck(Optional<HealthCheckConfig> config, Hooks hooks, Duration timeout) {
    this.config = config;
    this.hooks = hooks;
    this.timeout = timeout;
  }

  /** Empty when healthy, else why not. */
  public Optional<String> check(Map<String, String> environment) {
    if (config.isEmpty()) {
      return Optional.empty();
    }
    HealthCheckConfig health = config.get();
    long deadline = System.nanoTime() + timeout.toNanos();
    String last;
    while (true) {
      last =
          health.command() != null
              ? viaCommand(health.command(), environment)
              : viaUrl(health.url());
      if (last.isEmpty()) {
        return Optional.empty();
      }
      if (System.nanoTime() + Duration.ofSeconds(health.interval()).toNanos() > deadline) {
        return Optional.of(
            "health check failed for " + timeout.toSeconds() + " s; last answer: " + last);
      }
      try {
        Thread.sleep(health.interval() * 1000L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.of("health check interrupted");
      }
    }
  }

  private String viaCommand(String command, Map<String, String> environment) {
    Hooks.Run run = hooks.run("health-check", command, environment);
    return run.succeeded() ? "" : run.problem();
  }

  private String viaUrl(String url) {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
      int millis = (int) Math.min(timeout.toMillis(), 10_000);
      connection.setConnectTimeout(millis);
      connection.setReadTimeout(millis);
      int status = connection.getResponseCode();
      connection.disconnect();
      return status >= 200 && status < 300 ? "" : url + " answered HTTP " + status;
    } catch (IOException e) {
      return url + " unreachable: " + e.getMessage();
    }
  }
}
