package org.openupdate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The server's objects as the base defines them and as the production overlay patches them. */
class ServerManifestsTest {

  private static List<KubeObject> objects(String dir) {
    return Manifests.effective(
        Kustomization.read(Yaml.deployDir().resolve("kubernetes").resolve(dir)));
  }

  private static KubeObject deployment(String dir) {
    return Manifests.only(objects(dir), "Deployment");
  }

  private static JsonNode server(String dir) {
    return Manifests.containers(deployment(dir)).get(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/production"})
  void shouldGiveEveryObjectApiVersionKindAndName(String dir) {
    List<KubeObject> objects = objects(dir);

    assertThat(objects)
        .extracting(KubeObject::kind)
        .contains(
            "Deployment",
            "Service",
            "HorizontalPodAutoscaler",
            "PodDisruptionBudget",
            "ConfigMap",
            "Secret");
    for (KubeObject object : objects) {
      assertThat(object.node().path("apiVersion").asText())
          .as("apiVersion of %s", object)
          .isNotBlank();
      assertThat(object.kind()).as("kind in %s", object.file()).isNotBlank();
      assertThat(object.name())
          .as("metadata.name of %s", object)
          .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/production"})
  void shouldRunAServerImageWithAnExplicitTag(String dir) {
    String image = server(dir).path("image").asText();

    assertThat(image).contains("update-server:");
    assertThat(image.substring(image.lastIndexOf(':') + 1)).isNotBlank().isNotEqualTo("latest");
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/production"})
  void shouldProbeReadinessAndLivenessOnTheServedPort(String dir) {
    JsonNode server = server(dir);
    List<String> portNames = new ArrayList<>();
    server.path("ports").forEach(p -> portNames.add(p.path("name").asText()));

    JsonNode readiness = server.path("readinessProbe").path("httpGet");
    JsonNode liveness = server.path("livenessProbe").path("httpGet");
    assertThat(readiness.path("path").asText()).isEqualTo("/q/health/ready");
    assertThat(liveness.path("path").asText()).isEqualTo("/q/health/live");
    assertThat(portNames).contains(readiness.path("port").asText(), liveness.path("port").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/production"})
  void shouldRequestAndLimitCpuAndMemoryOfEveryContainer(String dir) {
    for (JsonNode container : Manifests.containers(deployment(dir))) {
      JsonNode resources = container.path("resources");
      for (String kind : List.of("requests", "limits")) {
        for (String resource : List.of("cpu", "memory")) {
          assertThat(resources.path(kind).path(resource).asText())
              .as("%s.%s of container %s", kind, resource, container.path("name").asText())
              .isNotBlank();
        }
      }
      assertThat(Quantity.bytes(resources.path("limits").path("memory").asText()))
          .isGreaterThanOrEqualTo(
              Quantity.bytes(resources.path("requests").path("memory").asText()));
      assertThat(Quantity.millicores(resources.path("limits").path("cpu").asText()))
          .isGreaterThanOrEqualTo(
              Quantity.millicores(resources.path("requests").path("cpu").asText()));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/production"})
  void shouldRollOutOnePodAtATime(String dir) {
    JsonNode strategy = deployment(dir).node().path("spec").path("strategy");

    assertThat(strategy.path("type").asText()).isEqualTo("RollingUpdate");
    assertThat(strategy.path("rollingUpdate").path("maxSurge").asInt(-1)).isEqualTo(1);
    assertThat(strategy.path("rollingUpdate").path("maxUnavailable").asInt(-1)).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/production"})
  void shouldSelectTheServerPodsFromServiceDeploymentAndDisruptionBudget(String dir) {
    List<KubeObject> objects = objects(dir);
    KubeObject deployment = Manifests.only(objects, "Deployment");
    JsonNode podLabels =
        deployment.node().path("spec").path("template").path("metadata").path("labels");
    KubeObject service = Manifests.only(objects, "Service");
    KubeObject pdb = Manifests.only(objects, "PodDisruptionBudget");

    assertThat(Manifests.selects(service.node().path("spec").path("selector"), podLabels))
        .as(
            "Service selector %s matches pod labels %s",
            service.node().path("spec").path("selector"), podLabels)
        .isTrue();
    assertThat(
            Manifests.selects(
                deployment.node().path("spec").path("selector").path("matchLabels"), podLabels))
        .as("Deployment selector matches its own pod labels")
        .isTrue();
    assertThat(
            Manifests.selects(
                pdb.node().path("spec").path("selector").path("matchLabels"), podLabels))
        .as("PodDisruptionBudget selector matches the pod labels")
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/production"})
  void shouldRouteTheServicePortToTheContainerPort(String dir) {
    List<String> containerPorts = new ArrayList<>();
    server(dir).path("ports").forEach(p -> containerPorts.add(p.path("name").asText()));
    JsonNode servicePorts =
        Manifests.only(objects(dir), "Service").node().path("spec").path("ports");

    assertThat(servicePorts).isNotEmpty();
    servicePorts.forEach(p -> assertThat(containerPorts).contains(p.path("targetPort").asText()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/production"})
  void shouldScaleTheDeploymentWithoutBlockingDrains(String dir) {
    List<KubeObject> objects = objects(dir);
    KubeObject deployment = Manifests.only(objects, "Deployment");
    JsonNode hpa = Manifests.only(objects, "HorizontalPodAutoscaler").node().path("spec");
    JsonNode pdb = Manifests.only(objects, "PodDisruptionBudget").node().path("spec");

    assertThat(hpa.path("scaleTargetRef").path("kind").asText()).isEqualTo("Deployment");
    assertThat(hpa.path("scaleTargetRef").path("name").asText()).isEqualTo(deployment.name());
    assertThat(hpa.path("maxReplicas").asInt())
        .isGreaterThanOrEqualTo(hpa.path("minReplicas").asInt());
    // A budget that needs every replica would block every node drain.
    assertThat(pdb.path("minAvailable").asInt()).isLessThan(hpa.path("minReplicas").asInt());
    assertThat(deployment.node().path("spec").path("replicas").asInt())
        .isBetween(hpa.path("minReplicas").asInt(), hpa.path("maxReplicas").asInt());
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/production"})
  void shouldReadSecretsOnlyFromKeysTheSecretHolds(String dir) {
    List<KubeObject> objects = objects(dir);
    KubeObject secret = Manifests.only(objects, "Secret");
    JsonNode secretData = secret.node().path("stringData");
    JsonNode server = server(dir);
    List<String> secretEnv = new ArrayList<>();

    server
        .path("env")
        .forEach(
            env -> {
              JsonNode ref = env.path("valueFrom").path("secretKeyRef");
              if (!ref.isMissingNode()) {
                secretEnv.add(env.path("name").asText());
                assertThat(ref.path("name").asText()).isEqualTo(secret.name());
                assertThat(secretData.has(ref.path("key").asText()))
                    .as("secret key %s", ref.path("key"))
                    .isTrue();
              }
            });
    assertThat(secretEnv).contains("QUARKUS_DATASOURCE_PASSWORD", "OPENUPDATE_SIGNING_PASSPHRASE");

    JsonNode volumes =
        deployment(dir).node().path("spec").path("template").path("spec").path("volumes");
    List<String> secretFiles = new ArrayList<>();
    volumes.forEach(
        v ->
            v.path("secret")
                .path("items")
                .forEach(
                    item -> {
                      assertThat(v.path("secret").path("secretName").asText())
                          .isEqualTo(secret.name());
                      assertThat(secretData.has(item.path("key").asText()))
                          .as("secret key %s", item.path("key"))
                          .isTrue();
                      secretFiles.add(item.path("path").asText());
                    }));
    assertThat(secretFiles).contains("signing-key.asc");
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/production"})
  void shouldConnectToPostgresqlAndFindTheSigningKeyFile(String dir) {
    List<KubeObject> objects = objects(dir);
    KubeObject configMap = Manifests.only(objects, "ConfigMap");
    JsonNode config = configMap.node().path("data");
    JsonNode server = server(dir);

    assertThat(server.path("envFrom").findValuesAsText("name")).contains(configMap.name());
    assertThat(config.path("QUARKUS_DATASOURCE_JDBC_URL").asText())
        .startsWith("jdbc:postgresql://");
    assertThat(config.path("QUARKUS_DATASOURCE_USERNAME").asText()).isNotBlank();

    String keyFile = config.path("OPENUPDATE_SIGNING_KEY_FILE").asText();
    List<String> mountedFiles = new ArrayList<>();
    server
        .path("volumeMounts")
        .forEach(
            m -> {
              if (m.path("name").asText().equals("signing-key")) {
                mountedFiles.add(m.path("mountPath").asText() + "/signing-key.asc");
              }
            });
    assertThat(mountedFiles).contains(keyFile);
  }
}
