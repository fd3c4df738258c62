package org.openupdate.client.internal.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Works out where the agent runs, from the marks each kind of machine leaves: Kubernetes' service
 * environment and service-account mount, container engines' marker files and cgroup names, a
 * version control checkout around the install directory, LXC's {@code container=lxc} and its user
 * namespace map, a hypervisor's CPU flag and firmware names. Reads below {@code root} so tests can
 * lay out a fake filesystem.
 */
public final class PlatformDetector {
  /** Every value {@link #detect()} returns; also what the {@code platform} setting accepts. */
  public static final List<String> PLATFORMS =
      List.of(
          "kubernetes",
          "container",
          "development",
          "lxc-privileged",
          "lxc-unprivileged",
          "vm",
          "bare-metal");

  // Firmware (DMI) names of common hypervisors, for CPUs that do not show the hypervisor flag.
  private static final String HYPERVISORS =
      "(?s).*(kvm|qemu|vmware|virtualbox|innotek|xen|virtual machine|bochs|parallels|bhyve"
          + "|amazon ec2|google compute engine|openstack).*";

  private final Path root;
  private final Map<String, String> environment;
  private final Path installDir;

  public PlatformDetector(Path root, Map<String, String> environment, Path installDir) {
    this.root = root;
    this.environment = environment;
    this.installDir = installDir;
  }

  public static PlatformDetector ofThisMachine(Path installDir) {
    return new PlatformDetector(Path.of("/"), System.getenv(), installDir);
  }

  /**
   * One of {@link #PLATFORMS}. Orchestrated containers come first, because their files are replaced
   * from outside whatever else is true; a development checkout before the machine kinds, because it
   * is what decides how to treat the files.
   */
  public String detect() {
    String cgroup = read("proc/1/cgroup");
    if (environment.containsKey("KUBERNETES_SERVICE_HOST")
        || Files.isDirectory(root.resolve("var/run/secrets/kubernetes.io"))
        || cgroup.contains("kubepods")) {
      return "kubernetes";
    }
    String container = environment.getOrDefault("container", "");
    if (Files.exists(root.resolve(".dockerenv"))
        || Files.exists(root.resolve("run/.containerenv"))
        || container.equals("docker")
        || container.equals("podman")
        || cgroup.contains("docker")
        || cgroup.contains("containerd")
        || cgroup.contains("libpod")) {
      return "container";
    }
    if (insideCheckout()) {
      return "development";
    }
    String initEnvironment = read("proc/1/environ").replace('\0', '\n');
    if (container.equals("lxc")
        || initEnvironment.lines().anyMatch("container=lxc"::equals)
        || Files.exists(root.resolve("dev/lxd/sock"))) {
      // A privileged container maps the whole user id range onto the host's, root included.
      return read("proc/self/uid_map").strip().matches("0\\s+0\\s+4294967295")
          ? "lxc-privileged"
          : "lxc-unprivileged";
    }
    String firmware =
        (read("sys/class/dmi/id/product_name") + " " + read("sys/class/dmi/id/sys_vendor"))
            .toLowerCase(Locale.ROOT);
    if (read("proc/cpuinfo")
            .lines()
            .anyMatch(l -> l.startsWith("flags") && l.contains(" hypervisor"))
        || firmware.matches(HYPERVISORS)) {
      return "vm";
    }
    return "bare-metal";
  }

  /** A {@code .git} folder (or a worktree's {@code .git} file) in or above the install dir. */
  private boolean insideCheckout() {
    for (Path dir = installDir.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(".git"))) {
        return true;
      }
    }
    return false;
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
