package org.openupdate.client.internal.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Works out where the agent runs, from the same marks orchestrators leave: Kubernetes' service
 * environment and service-account mount, container engines' marker files and cgroup names, LXC's
 * {@code container=lxc}. Reads below {@code root} so tests can lay out a fake filesystem.
 */
public final class PlatformDetector {
  private final Path root;
  private final Map<String, String> environment;

  public PlatformDetector(Path root, Map<String, String> environment) {
    this.root = root;
    this.environment = environment;
  }

  public static PlatformDetector ofThisMachine() {
    return new PlatformDetector(Path.of("/"), System.getenv());
  }

  /** One of {@code kubernetes}, {@code container}, {@code lxc}, {@code bare-metal}. */
  public String detect() {
    if (environment.containsKey("KUBERNETES_SERVICE_HOST")
        || Files.isDirectory(root.resolve("var/run/secrets/kubernetes.io"))) {
      return "kubernetes";
    }
    String container = environment.getOrDefault("container", "");
    String initEnvironment = read("proc/1/environ").replace('\0', '\n');
    if (container.equals("lxc")
        || initEnvironment.lines().anyMatch("container=lxc"::equals)
        || Files.exists(root.resolve("dev/lxd/sock"))) {
      return "lxc";
    }
    String cgroup = read("proc/1/cgroup");
    if (Files.exists(root.resolve(".dockerenv"))
        || Files.exists(root.resolve("run/.containerenv"))
        || container.equals("docker")
        || container.equals("podman")
        || cgroup.contains("docker")
        || cgroup.contains("containerd")
        || cgroup.contains("libpod")) {
      return "container";
    }
    return "bare-metal";
  }

  private String read(String relative) {
    try {
      Path file = root.resolve(relative);
      return Files.isReadable(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
