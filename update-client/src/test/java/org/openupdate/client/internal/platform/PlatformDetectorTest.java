package org.openupdate.client.internal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of machine simulated by the marks it leaves in a fake root. */
class PlatformDetectorTest {
  @TempDir Path root;

  private String detect() {
    return detect(Map.of());
  }

  private String detect(Map<String, String> environment) {
    return new PlatformDetector(root, environment, root.resolve("opt/app")).detect();
  }

  private void write(String relative, String content) throws IOException {
    Files.createDirectories(root.resolve(relative).getParent());
    Files.writeString(root.resolve(relative), content);
  }

  @Test
  void shouldSayBareMetalWithoutAnyMarks() {
    assertThat(detect()).isEqualTo("bare-metal");
  }

  @Test
  void shouldRecogniseKubernetesByItsServiceEnvironment() {
    assertThat(detect(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"))).isEqualTo("kubernetes");
  }

  @Test
  void shouldRecogniseKubernetesByTheServiceAccountMount() throws IOException {
    Files.createDirectories(root.resolve("var/run/secrets/kubernetes.io/serviceaccount"));
    assertThat(detect()).isEqualTo("kubernetes");
  }

  @Test
  void shouldRecogniseKubernetesByItsPodCgroup() throws IOException {
    write("proc/1/cgroup", "0::/kubepods/burstable/pod1234/abcd\n");
    assertThat(detect()).isEqualTo("kubernetes");
  }

  @Test
  void shouldRecogniseDockerByItsMarkerFile() throws IOException {
    Files.createFile(root.resolve(".dockerenv"));
    assertThat(detect()).isEqualTo("container");
  }

  @Test
  void shouldRecogniseAContainerByItsCgroup() throws IOException {
    write("proc/1/cgroup", "0::/system.slice/containerd.service\n");
    assertThat(detect()).isEqualTo("container");
  }

  @Test
  void shouldTellPrivilegedFromUnprivilegedLxcByTheUserIdMap() throws IOException {
    write("proc/1/environ", "PATH=/bin\0container=lxc\0");
    write("proc/self/uid_map", "         0     100000      65536\n");
    assertThat(detect()).isEqualTo("lxc-unprivileged");

    write("proc/self/uid_map", "         0          0 4294967295\n");
    assertThat(detect()).isEqualTo("lxc-privileged");
  }

  @Test
  void shouldRecogniseAVmByTheHypervisorFlagOrItsFirmware() throws IOException {
    write("proc/cpuinfo", "processor\t: 0\nflags\t\t: fpu vme sse2 hypervisor lahf_lm\n");
    assertThat(detect()).isEqualTo("vm");

    write("proc/cpuinfo", "processor\t: 0\nflags\t\t: fpu vme sse2\n");
    assertThat(detect()).isEqualTo("bare-metal");
    write("sys/class/dmi/id/product_name", "KVM\n");
    assertThat(detect()).isEqualTo("vm");
  }

  @Test
  void shouldRecogniseADevelopmentCheckoutAroundTheInstallDir() throws IOException {
    Files.createDirectories(root.resolve("opt/.git"));
    write("proc/cpuinfo", "flags\t\t: fpu hypervisor\n");
    assertThat(detect()).isEqualTo("development");
  }
}
