package org.openupdate.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One fleet machine: a folder with the agent's configuration, install and state directories, and
 * the packaged client jar run as a separate process for each command.
 */
final class AgentProcess implements AutoCloseable {
  /** The jar the client module packages; the reactor builds update-client before the server. */
  static final Path JAR =
      Path.of("../update-client/target/update-client.jar").toAbsolutePath().normalize();

  private final Path home;
  private final Map<String, Object> config = new LinkedHashMap<>();
  private final List<Process> started = new ArrayList<>();

  /** A finished command: exit code and what it printed. */
  record Run(int exitCode, String out, String err) {}

  AgentProcess(Path home, String serverUrl, String product, Path keys, List<String> pins)
      throws IOException {
    this.home = home;
    Files.createDirectories(home.resolve("data"));
    config.put("serverUrl", serverUrl);
    config.put("product", product);
    config.put("channel", "stable");
    config.put("installDir", "install");
    config.put("stateDir", "state");
    config.put("initialVersion", "0.9.0");
    config.put("platform", "bare-metal");
    config.put("maintenanceWindow", Map.of("enabled", false));
    config.put("trust", Map.of("keys", List.of(keys.toString()), "fingerprints", pins));
    config.put("backup", Map.of("paths", List.of("data")));
  }

  /**
   * The server's signing keys, fetched from {@code GET /api/v1/keys} into {@code dir}, and their
   * fingerprints for the agent to pin.
   */
  record ServerKeys(Path file, List<String> pins) {
    static ServerKeys fetch(Path dir) throws IOException {
      List<Map<String, String>> keys =
          io.restassured.RestAssured.given()
              .get("/api/v1/keys")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath()
              .getList("$");
      StringBuilder armored = new StringBuilder();
      List<String> pins = new ArrayList<>();
      for (Map<String, String> key : keys) {
        armored.append(key.get("armoredPublicKey")).append('\n');
        pins.add(key.get("fingerprint"));
      }
      return new ServerKeys(Files.writeString(dir.resolve("server-keys.asc"), armored), pins);
    }
  }

  AgentProcess(Path home, String serverUrl, String product, ServerKeys keys) throws IOException {
    this(home, serverUrl, product, keys.file(), keys.pins());
  }

  /** The client id the agent generated, from its facts.json. */
  String clientId() throws IOException {
    return new ObjectMapper()
        .readTree(state().resolve("facts.json").toFile())
        .get("clientId")
        .asText();
  }

  AgentProcess set(String field, Object value) {
    config.put(field, value);
    return this;
  }

  Path install() {
    return home.resolve("install");
  }

  Path state() {
    return home.resolve("state");
  }

  Path script(String name, String body) throws IOException {
    Path file = home.resolve(name);
    Files.writeString(file, "#!/bin/bash\nset -e\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  /** Starts {@code update-client ARGS -c config.json} without waiting. */
  Process start(String... args) throws IOException {
    Path file = home.resolve("config.json");
    Files.write(file, new ObjectMapper().writeValueAsBytes(config));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-jar",
                JAR.toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("-c", file.toString()));
    int index = started.size();
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(home.resolve(index + ".out").toFile())
            .redirectError(home.resolve(index + ".err").toFile())
            .start();
    started.add(process);
    return process;
  }

  /** Runs a command to its end. */
  Run run(String... args) throws IOException, InterruptedException {
    Process process = start(args);
    assertThat(process.waitFor(120, TimeUnit.SECONDS))
        .as("update-client %s finished", args[0])
        .isTrue();
    int index = started.indexOf(process);
    return new Run(
        process.exitValue(),
        Files.readString(home.resolve(index + ".out")),
        Files.readString(home.resolve(index + ".err")));
  }

  @Override
  public void close() {
    for (Process process : started) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
