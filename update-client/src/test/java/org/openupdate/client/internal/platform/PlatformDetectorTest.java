package org.openupdate.client.internal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformDetectorTest {
  @TempDir Path root;

  @Test
  void shouldSayBareMetalWithoutAnyMarks() {
    assertThat(new PlatformDetector(root, Map.of()).detect()).isEqualTo("bare-metal");
  }

  @Test
  void shouldRecogniseKubernetesByItsServiceEnvironment() {
    assertThat(new PlatformDetector(root, Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1")).detect())
        .isEqualTo("kubernetes");
  }

  @Test
  void shouldRecogniseKubernetesByTheServiceAccountMount() throws IOException {
    Files.createDirectories(root.resolve("var/run/secrets/kubernetes.io/serviceaccount"));
    assertThat(new PlatformDetector(root, Map.of()).detect()).isEqualTo("kubernetes");
  }

  @Test
  void shouldRecogniseDockerByItsMarkerFile() throws IOException {
    Files.createFile(root.resolve(".dockerenv"));
    assertThat(new PlatformDetector(root, Map.of()).detect()).isEqualTo("container");
  }

  @Test
  void shouldRecogniseAContainerByItsCgroup() throws IOException {
    Files.createDirectories(root.resolve("proc/1"));
    Files.writeString(root.resolve("proc/1/cgroup"), "0::/system.slice/containerd.service\n");
    assertThat(new PlatformDetector(root, Map.of()).detect()).isEqualTo("container");
  }

  @Test
  void shouldRecogniseLxcByInitsEnvironment() throws IOException {
    Files.createDirectories(root.resolve("proc/1"));
    Files.writeString(root.resolve("proc/1/environ"), "PATH=/bin\0container=lxc\0");
    assertThat(new PlatformDetector(root, Map.of()).detect()).isEqualTo("lxc");
  }
}
