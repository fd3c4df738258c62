package org.openupdate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** Reads the deployment YAML files; multi-document files give several objects. */
final class Yaml {

  private static final YAMLMapper MAPPER = new YAMLMapper();

  private Yaml() {}

  static List<KubeObject> readAll(Path file) {
    try (MappingIterator<JsonNode> documents =
        MAPPER.readerFor(JsonNode.class).readValues(file.toFile())) {
      return documents.readAll().stream()
          .filter(node -> !node.isNull() && !node.isMissingNode())
          .map(node -> new KubeObject(file, node))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
  }

  static JsonNode readSingle(Path file) {
    try {
      return MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
  }

  /** The module directory (deploy/), handed over by surefire so tests work from any working dir. */
  static Path deployDir() {
    return Path.of(System.getProperty("deploy.dir", ".")).toAbsolutePath().normalize();
  }
}
