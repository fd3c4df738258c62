package org.openupdate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** Lookups over a set of objects, and the patched view an overlay produces. */
final class Manifests {

  private Manifests() {}

  /**
   * The overlay's objects with its patches merged in. Strategic merge as far as these files use it:
   * maps merge key by key, lists of named items merge by name, other values are replaced.
   */
  static List<KubeObject> effective(Kustomization kustomization) {
    List<KubeObject> objects = new ArrayList<>();
    for (KubeObject object : kustomization.allObjects()) {
      ObjectNode copy = object.node().deepCopy();
      kustomization.patches().stream()
          .filter(p -> object.is(p.kind(), p.name()))
          .forEach(p -> merge(copy, p.node()));
      objects.add(new KubeObject(object.file(), copy));
    }
    return objects;
  }

  static KubeObject only(List<KubeObject> objects, String kind) {
    List<KubeObject> matching = objects.stream().filter(o -> o.kind().equals(kind)).toList();
    if (matching.size() != 1) {
      throw new NoSuchElementException("expected one " + kind + ", found " + matching);
    }
    return matching.get(0);
  }

  static List<JsonNode> containers(KubeObject workload) {
    List<JsonNode> containers = new ArrayList<>();
    workload
        .node()
        .path("spec")
        .path("template")
        .path("spec")
        .path("containers")
        .forEach(containers::add);
    return containers;
  }

  /** True when every key/value of the selector is among the labels. */
  static boolean selects(JsonNode selector, JsonNode labels) {
    if (!selector.isObject() || selector.isEmpty()) {
      return false;
    }
    Iterator<Map.Entry<String, JsonNode>> entries = selector.fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      if (!entry.getValue().equals(labels.path(entry.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static void merge(ObjectNode target, JsonNode patch) {
    patch
        .fields()
        .forEachRemaining(
            field -> {
              JsonNode existing = target.get(field.getKey());
              JsonNode value = field.getValue();
              if (existing instanceof ObjectNode existingObject && value.isObject()) {
                merge(existingObject, value);
              } else if (existing instanceof ArrayNode existingArray && isNamedList(value)) {
                mergeByName(existingArray, value);
              } else {
                target.set(field.getKey(), value.deepCopy());
              }
            });
  }

  private static boolean isNamedList(JsonNode value) {
    return value.isArray() && !value.isEmpty() && value.get(0).has("name");
  }

  private static void mergeByName(ArrayNode target, JsonNode patch) {
    for (JsonNode item : patch) {
      ObjectNode match = null;
      for (JsonNode candidate : target) {
        if (candidate.path("name").equals(item.path("name"))) {
          match = (ObjectNode) candidate;
        }
      }
      if (match == null) {
        target.add(item.deepCopy());
      } else {
        merge(match, item);
      }
    }
  }
}
