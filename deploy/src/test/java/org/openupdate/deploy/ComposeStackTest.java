package org.openupdate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Compose stack wires the checked-in Prometheus and Grafana files to the right services. */
class ComposeStackTest {

  private final Path composeDir = Yaml.deployDir().resolve("compose");
  private final JsonNode compose = Yaml.readSingle(composeDir.resolve("compose.yaml"));
  private final JsonNode services = compose.path("services");

  private record Mount(Path source, String target) {}

  private List<Mount> bindMounts(String service) {
    List<Mount> mounts = new ArrayList<>();
    services
        .path(service)
        .path("volumes")
        .forEach(
            v -> {
              String[] parts = v.asText().split(":");
              if (parts[0].startsWith(".")) {
                mounts.add(new Mount(composeDir.resolve(parts[0]).normalize(), parts[1]));
              }
            });
    return mounts;
  }

  private String containerPathOf(String service, Path hostPath) {
    return bindMounts(service).stream()
        .filter(m -> hostPath.startsWith(m.source()))
        .map(m -> m.target() + "/" + m.source().relativize(hostPath).toString().replace('\\', '/'))
        .map(p -> p.endsWith("/") ? p.substring(0, p.length() - 1) : p)
        .findFirst()
        .orElseThrow(() -> new AssertionError(hostPath + " is not mounted into " + service));
  }

  @Test
  void shouldBindMountOnlyFilesThatExist() {
    List<Mount> mounts = new ArrayList<>();
    services.fieldNames().forEachRemaining(name -> mounts.addAll(bindMounts(name)));

    assertThat(mounts).isNotEmpty();
    assertThat(mounts).allSatisfy(m -> assertThat(m.source()).exists());
  }

  @Test
  void shouldScrapeTheServerServiceOfTheStack() {
    JsonNode prometheus = Yaml.readSingle(Yaml.deployDir().resolve("prometheus/prometheus.yml"));
    JsonNode job = prometheus.path("scrape_configs").get(0);
    String target = job.path("static_configs").get(0).path("targets").get(0).asText();
    String host = target.substring(0, target.indexOf(':'));
    String port = target.substring(target.indexOf(':') + 1);

    assertThat(job.path("metrics_path").asText()).isEqualTo("/q/metrics");
    assertThat(services.has(host)).as("scrape target %s is a Compose service", host).isTrue();
    assertThat(services.path(host).path("ports").get(0).asText()).endsWith(":" + port);
    assertThat(containerPathOf("prometheus", Yaml.deployDir().resolve("prometheus/alerts.yml")))
        .isEqualTo("/etc/prometheus/alerts.yml");
  }

  @Test
  void shouldProvisionTheDashboardWhereGrafanaLoadsIt() throws Exception {
    Path grafana = Yaml.deployDir().resolve("grafana");
    JsonNode provider =
        Yaml.readSingle(grafana.resolve("provisioning/dashboards/openupdate.yml"))
            .path("providers")
            .get(0);
    JsonNode datasource =
        Yaml.readSingle(grafana.resolve("provisioning/datasources/prometheus.yml"))
            .path("datasources")
            .get(0);
    URI datasourceUrl = URI.create(datasource.path("url").asText());

    assertThat(containerPathOf("grafana", grafana.resolve("dashboards")))
        .isEqualTo(provider.path("options").path("path").asText());
    assertThat(containerPathOf("grafana", grafana.resolve("provisioning/dashboards")))
        .isEqualTo("/etc/grafana/provisioning/dashboards");
    assertThat(containerPathOf("grafana", grafana.resolve("provisioning/datasources")))
        .isEqualTo("/etc/grafana/provisioning/datasources");
    assertThat(services.has(datasourceUrl.getHost())).isTrue();
    assertThat(services.path(datasourceUrl.getHost()).path("ports").get(0).asText())
        .endsWith(":" + datasourceUrl.getPort());
    try (var dashboards = Files.list(grafana.resolve("dashboards"))) {
      assertThat(dashboards.map(Path::toString)).anyMatch(f -> f.endsWith(".json"));
    }
    String home =
        services
            .path("grafana")
            .path("environment")
            .path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")
            .asText();
    assertThat(home).startsWith(provider.path("options").path("path").asText() + "/");
    assertThat(grafana.resolve("dashboards").resolve(Path.of(home).getFileName())).exists();
  }

  @Test
  void shouldTakeEveryPasswordFromTheEnvironmentWithoutDefault() {
    List<String> secrets = new ArrayList<>();
    services.forEach(
        service ->
            service
                .path("environment")
                .fields()
                .forEachRemaining(
                    e -> {
                      if (e.getKey().matches(".*(PASSWORD|TOKEN|PASSPHRASE).*")) {
                        secrets.add(e.getKey() + "=" + e.getValue().asText());
                      }
                    }));

    assertThat(secrets).hasSizeGreaterThanOrEqualTo(3);
    assertThat(secrets)
        .allMatch(s -> s.matches("[A-Z_]+=\\$\\{[A-Z_]+:\\?.+}"), "required variable");
  }

  @Test
  void shouldRunTheImageTheKubernetesBaseRuns() {
    KubeObject deployment =
        Manifests.only(
            Kustomization.read(Yaml.deployDir().resolve("kubernetes/base")).allObjects(),
            "Deployment");

    assertThat(services.path("openupdate-server").path("image").asText())
        .isEqualTo(Manifests.containers(deployment).get(0).path("image").asText());
    assertThat(
            composeDir
                .resolve(services.path("openupdate-server").path("build").path("context").asText())
                .resolve(
                    services.path("openupdate-server").path("build").path("dockerfile").asText())
                .normalize())
        .exists();
  }
}
