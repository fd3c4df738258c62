package org.openupdate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A kustomization directory read the way {@code kustomize build} resolves it: its resources (files,
 * or directories holding their own kustomization) and its patch files. No kustomize binary exists
 * here, so the tests check what kustomize would need rather than running it.
 */
record Kustomization(Path directory, JsonNode spec) {

  static Kustomization read(Path directory) {
    Path file = directory.resolve("kustomization.yaml");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no kustomization.yaml in " + directory);
    }
    return new Kustomization(directory, Yaml.readSingle(file));
  }

  /** Every path the kustomization names (resources and patches), resolved against its directory. */
  List<Path> referencedPaths() {
    List<Path> paths = new ArrayList<>();
    spec.path("resources").forEach(r -> paths.add(directory.resolve(r.asText()).normalize()));
    spec.path("patches")
        .forEach(
            p -> {
              if (p.has("path")) {
                paths.add(directory.resolve(p.path("path").asText()).normalize());
              }
            });
    return paths;
  }

  List<Path> resourceFiles() {
    return streamOf(spec.path("resources"))
        .map(r -> directory.resolve(r.asText()).normalize())
        .filter(Files::isRegularFile)
        .toList();
  }

  List<Kustomization> bases() {
    return streamOf(spec.path("resources"))
        .map(r -> directory.resolve(r.asText()).normalize())
        .filter(Files::isDirectory)
        .map(Kustomization::read)
        .toList();
  }

  List<Path> patchFiles() {
    return streamOf(spec.path("patches"))
        .filter(p -> p.has("path"))
        .map(p -> directory.resolve(p.path("path").asText()).normalize())
        .toList();
  }

  /** The objects this kustomization's own resource files define, without its bases. */
  List<KubeObject> ownObjects() {
    return resourceFiles().stream().flatMap(f -> Yaml.readAll(f).stream()).toList();
  }

  /** The objects of this kustomization and all its bases, before patches are applied. */
  List<KubeObject> allObjects() {
    List<KubeObject> objects = new ArrayList<>();
    bases().forEach(b -> objects.addAll(b.allObjects()));
    objects.addAll(ownObjects());
    return objects;
  }

  List<KubeObject> patches() {
    return patchFiles().stream().flatMap(f -> Yaml.readAll(f).stream()).toList();
  }

  /** YAML files in the directory that the kustomization itself does not name. */
  List<Path> unreferencedYamlFiles() throws IOException {
    List<Path> referenced = referencedPaths();
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".yaml"))
          .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
          .filter(f -> !referenced.contains(f.normalize()))
          .toList();
    }
  }

  private static Stream<JsonNode> streamOf(JsonNode array) {
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    return items.stream();
  }
}
