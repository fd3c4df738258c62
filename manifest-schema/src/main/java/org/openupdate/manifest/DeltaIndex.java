package org.openupdate.manifest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The deltas from one installed version to one release, signed by the keys that sign manifests and
 * served at {@code /api/v1/deltas/{product}/{version}/{fromVersion}} (signature at {@code .asc}).
 * An agent uses a delta only when the signature verifies with its pinned keys, the entry's {@code
 * componentSha256} equals the signed manifest's, and what the delta rebuilds matches the file map
 * the delta carries (bound here by the delta's own {@code sha256}); otherwise it downloads the
 * component whole.
 *
 * @param components per component name; components without a delta are absent
 */
public record DeltaIndex(
    String product, String version, String fromVersion, Map<String, Delta> components) {

  public DeltaIndex {
    components =
        components == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(components));
  }

  /**
   * One component's delta.
   *
   * @param componentSha256 the full artifact this delta rebuilds (the manifest's {@code sha256})
   * @param sha256 the delta file's SHA-256; it is fetched from {@code /api/v1/artifacts/{sha256}}
   * @param size the delta file's exact length, always below the component's size
   */
  public record Delta(String componentSha256, String sha256, long size) {}
}
