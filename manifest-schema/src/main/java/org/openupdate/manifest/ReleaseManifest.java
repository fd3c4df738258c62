package org.openupdate.manifest;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The signed description of one release; its exact bytes are what the signatures cover.
 *
 * <p>Nullable: {@code expires}, {@code minimumVersion}, {@code installDeadline}, {@code database},
 * {@code changelog}, {@code compatibility}, {@code releaseNotesUrl}, {@code sequence}, {@code
 * recallOf}.
 *
 * @param expires after this instant clients refuse the manifest (protects against a frozen mirror)
 * @param minimumVersion clients below it must first go to a stepping-stone release
 * @param installDeadline for a mandatory release: after it, install without waiting for the window
 * @param sequence the channel's signing counter; agents refuse a manifest below the highest they
 *     have verified for the channel (see the module README, "Sequence and recall")
 * @param recallOf the pulled version this manifest recalls agents from, to its lower {@code
 *     version}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReleaseManifest(
    String product,
    String version,
    String channel,
    Instant releaseDate,
    Instant expires,
    String minimumVersion,
    boolean mandatory,
    Instant installDeadline,
    Map<String, Component> components,
    DatabaseChanges database,
    Changelog changelog,
    Map<String, List<String>> compatibility,
    String releaseNotesUrl,
    Long sequence,
    String recallOf) {

  public ReleaseManifest {
    // Keep the publisher's order: clients install components in the order the manifest lists them.
    components =
        components == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(components));
  }

  @JsonIgnore
  public Version parsedVersion() {
    return Version.parse(version);
  }
}
