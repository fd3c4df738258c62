package org.openupdate.client.internal.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.client.internal.config.ClientConfig.HealthCheckConfig;

class HooksAndHealthCheckTest {
  @TempDir Path dir;

  @Test
  void shouldPassTheEnvironmentToTheHook() throws IOException {
    Hooks hooks = new Hooks(dir, dir, Duration.ofSeconds(10));
    Path out = dir.resolve("seen.txt");

    Hooks.Run run =
        hooks.run(
            "pre-install",
            "echo \"$UPDATE_TO_VERSION\" > " + out,
            Map.of("UPDATE_TO_VERSION", "3.0.0"));

    assertThat(run.succeeded()).isTrue();
    assertThat(Files.readString(out)).isEqualTo("3.0.0\n");
  }

  @Test
  void shouldKillAHookThatRunsPastItsTimeout() {
    Hooks hooks = new Hooks(dir, dir, Duration.ofSeconds(1));

    Hooks.Run run = hooks.run("pre-install", "sleep 30", Map.of());

    assertThat(run.succeeded()).isFalse();
    assertThat(run.problem()).isEqualTo("pre-install hook timed out after 1 s");
  }

  @Test
  void shouldQuoteTheHooksLastOutputLinesWhenItFails() throws IOException {
    Hooks.Run run =
        new Hooks(dir, dir, Duration.ofSeconds(10))
            .run("post-install", "echo one; echo 'migration 7 failed' >&2; exit 4", Map.of());

    assertThat(run.problem())
        .isEqualTo("post-install hook exited with 4: one | migration 7 failed");
    assertThat(Files.readString(dir.resolve("hooks.log"))).contains("migration 7 failed");
  }

  @Test
  void shouldRetryAnHttpHealthCheckUntilTheApplicationIsUp() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/health",
        exchange -> {
          exchange.sendResponseHeaders(calls.incrementAndGet() < 3 ? 503 : 200, -1);
          exchange.close();
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
      HealthCheck check =
          new HealthCheck(
              Optional.of(new HealthCheckConfig(null, url, 1)),
              new Hooks(dir, dir, Duration.ofSeconds(5)),
              Duration.ofSeconds(10));

      assertThat(check.check(Map.of())).isEmpty();
      assertThat(calls.get()).isEqualTo(3);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void shouldReportAnUnhealthyApplicationAfterTheTimeout() {
    HealthCheck check =
        new HealthCheck(
            Optional.of(new HealthCheckConfig("echo 'not ready'; exit 1", null, 1)),
            new Hooks(dir, dir, Duration.ofSeconds(5)),
            Duration.ofSeconds(2));

    assertThat(check.check(Map.of()))
        .hasValueSatisfying(
            problem -> assertThat(problem).contains("health check failed for 2 s", "not ready"));
  }
}
