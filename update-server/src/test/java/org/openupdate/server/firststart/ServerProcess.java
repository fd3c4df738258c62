package org.openupdate.server.firststart;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged server started the way the README starts it: {@code java -jar quarkus-run.jar} in a
 * working directory, with only the environment a user would set.
 */
final class ServerProcess implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("Listening on: (http://\\S+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final Process process;
  private final List<String> log = new CopyOnWriteArrayList<>();
  private volatile URI base;

  private ServerProcess(Process process) {
    this.process = process;
  }

  /** Starts the server and waits until it listens or exits; {@link #exited()} tells which. */
  static ServerProcess start(Path workingDirectory, Map<String, String> environment)
      throws IOException, InterruptedException {
    Path app = Path.of(System.getProperty("server.app", "target/quarkus-app"));
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                app.resolve("quarkus-run.jar").toAbsolutePath().toString())
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("OPENUPDATE_"));
    builder.environment().put("QUARKUS_HTTP_PORT", "0");
    builder.environment().putAll(environment);
    ServerProcess server = new ServerProcess(builder.start());
    server.awaitListeningOrExit();
    return server;
  }

  private void awaitListeningOrExit() throws InterruptedException {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                  log.add(line);
                  Matcher m = LISTENING.matcher(line);
                  if (m.find()) {
                    base = URI.create(m.group(1));
                  }
                }
              } catch (IOException e) {
                log.add("(log reader stopped: " + e + ")");
              }
            },
            "server-log");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (base == null && process.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    if (!process.isAlive()) {
      reader.join(TimeUnit.SECONDS.toMillis(10));
    }
  }

  boolean exited() {
    return !process.isAlive();
  }

  int exitCode() throws InterruptedException {
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("server still running:\n" + log());
    }
    return process.exitValue();
  }

  String log() {
    return String.join("\n", log);
  }

  List<String> logLines() {
    return List.copyOf(log);
  }

  HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
    if (base == null) {
      throw new IllegalStateException("server is not listening:\n" + log());
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient()
        .send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** Stops the server as a service manager would (SIGTERM) and waits for it. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
