package org.openupdate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/** One Kubernetes object and the file it came from (for messages that say where to look). */
record KubeObject(Path file, JsonNode node) {

  String kind() {
    return node.path("kind").asText("");
  }

  String name() {
    return node.path("metadata").path("name").asText("");
  }

  boolean is(String kind, String name) {
    return kind().equals(kind) && name().equals(name);
  }

  @Override
  public String toString() {
    return kind() + "/" + name() + " (" + file.getFileName() + ")";
  }
}
