package org.openupdate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KustomizationTest {

  private static Kustomization kustomization(String dir) {
    return Kustomization.read(Yaml.deployDir().resolve("kubernetes").resolve(dir));
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/production"})
  void shouldNameOnlyFilesAndDirectoriesThatExist(String dir) {
    List<Path> missing =
        kustomization(dir).referencedPaths().stream()
            .filter(
                p ->
                    !Files.isRegularFile(p)
                        && !Files.isRegularFile(p.resolve("kustomization.yaml")))
            .toList();

    assertThat(missing).as("paths named in %s/kustomization.yaml that do not exist", dir).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/production"})
  void shouldNameEveryManifestInItsDirectory(String dir) throws IOException {
    assertThat(kustomization(dir).unreferencedYamlFiles())
        .as("YAML files in %s that kustomize would silently ignore", dir)
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/production"})
  void shouldUseTheKustomizeConfigApi(String dir) {
    var spec = kustomization(dir).spec();

    assertThat(spec.path("apiVersion").asText()).isEqualTo("kustomize.config.k8s.io/v1beta1");
    assertThat(spec.path("kind").asText()).isEqualTo("Kustomization");
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/production"})
  void shouldPatchOnlyObjectsTheBaseDefines(String dir) {
    Kustomization overlay = kustomization(dir);
    List<KubeObject> objects = overlay.allObjects();

    assertThat(overlay.patches()).isNotEmpty();
    for (KubeObject patch : overlay.patches()) {
      assertThat(objects)
          .as("patch %s targets an object the base defines", patch)
          .anyMatch(o -> o.is(patch.kind(), patch.name()));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/production"})
  void shouldRetagTheImageTheServerRuns(String dir) {
    Kustomization overlay = kustomization(dir);
    List<String> baseImages =
        overlay.allObjects().stream()
            .filter(o -> o.kind().equals("Deployment"))
            .flatMap(o -> Manifests.containers(o).stream())
            .map(c -> c.path("image").asText())
            .map(image -> image.substring(0, image.lastIndexOf(':')))
            .toList();

    assertThat(overlay.spec().path("images")).isNotEmpty();
    overlay
        .spec()
        .path("images")
        .forEach(
            image -> {
              assertThat(baseImages).contains(image.path("name").asText());
              assertThat(image.path("newTag").asText()).isNotBlank().isNotEqualTo("latest");
            });
  }
}
