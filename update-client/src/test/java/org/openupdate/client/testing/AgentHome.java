package org.openupdate.client.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openupdate.client.UpdateClient;

/**
 * A machine for the agent in a temp folder: install dir, state dir, data dir, the vendor key, hook
 * scripts and a config file pointing at a server. Tests change settings with {@link #set}.
 */
public final class AgentHome {
  private final Path root;
  private final Map<String, Object> config = new LinkedHashMap<>();
  private final List<String> log = new ArrayList<>();

  public AgentHome(Path root, String serverUrl) {
    this.root = root;
    try {
      Files.createDirectories(root.resolve("data"));
      Files.write(root.resolve("vendor.pub.asc"), TestKeys.vendorPublicKey());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    config.put("serverUrl", serverUrl);
    config.put("product", "cm-diagnostics");
    config.put("channel", "stable");
    config.put("installDir", "install");
    config.put("stateDir", "state");
    config.put("initialVersion", "1.0.0");
    config.put("platform", "bare-metal");
    config.put("maintenanceWindow", Map.of("enabled", false));
    config.put(
        "trust",
        Map.of(
            "keys",
            List.of("vendor.pub.asc"),
            "fingerprints",
            List.of(TestKeys.VENDOR_FINGERPRINT)));
    config.put("backup", Map.of("paths", List.of("data")));
  }

  public AgentHome set(String field, Object value) {
    config.put(field, value);
    return this;
  }

  public Path root() {
    return root;
  }

  public Path install() {
    return root.resolve("install");
  }

  public Path state() {
    return root.resolve("state");
  }

  public Path data() {
    return root.resolve("data");
  }

  public List<String> log() {
    return log;
  }

  /** Writes an executable bash script into the home and returns its path. */
  public Path script(String name, String body) {
    try {
      Path file = root.resolve(name);
      Files.writeString(file, "#!/bin/bash\nset -e\n" + body + "\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A health check that fails while a version marked {@link #sick} is being switched to; {@code
   * rollback} holds further rollback settings (the health check timeout is 2 s).
   */
  public AgentHome healthCheckFailsWhenSick(Map<String, Object> rollback) {
    script("healthy.sh", "test ! -e \"" + root + "/sick-$UPDATE_TO_VERSION\"");
    set(
        "hooks",
        Map.of(
            "healthCheck",
            Map.of("command", root.resolve("healthy.sh").toString(), "interval", 1)));
    Map<String, Object> settings = new LinkedHashMap<>(rollback);
    settings.put("healthCheckTimeout", 2);
    return set("rollback", settings);
  }

  /** Makes the health check fail for {@code version}. */
  public void sick(String version) {
    try {
      Files.createFile(root.resolve("sick-" + version));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes the health check pass for {@code version} again. */
  public void cured(String version) {
    try {
      Files.delete(root.resolve("sick-" + version));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The version {@code current} points at. */
  public String current() {
    try {
      return Files.readSymbolicLink(install().resolve("current")).getFileName().toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path writeConfig() {
    try {
      Path file = root.resolve("config.json");
      Files.write(
          file, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public UpdateClient client(Clock clock) {
    return UpdateClient.builder().configFile(writeConfig()).clock(clock).log(log::add).build();
  }

  public UpdateClient client() {
    return client(Clock.systemUTC());
  }

  public String read(String relative) {
    try {
      return Files.readString(install().resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
