package org.openupdate.client.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.openupdate.manifest.Component;
import org.openupdate.manifest.DatabaseChanges;
import org.openupdate.manifest.ManifestJson;
import org.openupdate.manifest.ReleaseManifest;
import org.openupdate.manifest.pgp.SigningKey;

/** A signed release for tests: manifest bytes, detached signature, artifact bytes by SHA-256. */
public record Release(
    ReleaseManifest manifest,
    byte[] manifestBytes,
    byte[] signature,
    Map<String, byte[]> artifacts) {

  public static Builder aRelease(String version) {
    return new Builder(version);
  }

  /** A zip holding the given text files. */
  public static byte[] zip(Map<String, String> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (var entry : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Small builder: defaults make a valid, signed, unexpired release of product "cm-diagnostics".
   */
  public static final class Builder {
    private final String version;
    private String product = "cm-diagnostics";
    private String channel = "stable";
    private Instant expires = Instant.now().plus(30, ChronoUnit.DAYS);
    private String minimumVersion;
    private boolean mandatory;
    private Instant installDeadline;
    private Long sequence;
    private String recallOf;
    private SigningKey key = TestKeys.vendor();
    private final Map<String, byte[]> components = new LinkedHashMap<>();
    private final Map<String, Long> declaredSizes = new LinkedHashMap<>();
    private final Map<String, List<String>> compatibility = new LinkedHashMap<>();
    private final java.util.Set<String> optional = new java.util.HashSet<>();
    private DatabaseChanges database;
    private org.openupdate.manifest.Changelog changelog;

    private Builder(String version) {
      this.version = version;
    }

    public Builder product(String value) {
      product = value;
      return this;
    }

    public Builder channel(String value) {
      channel = value;
      return this;
    }

    public Builder expires(Instant value) {
      expires = value;
      return this;
    }

    public Builder minimumVersion(String value) {
      minimumVersion = value;
      return this;
    }

    public Builder mandatory(Instant deadline) {
      mandatory = true;
      installDeadline = deadline;
      return this;
    }

    /** The channel's signing counter, as the server writes it into every manifest it signs. */
    public Builder sequence(long value) {
      sequence = value;
      return this;
    }

    /** Makes this a recall manifest: agents running {@code pulled} are sent to this version. */
    public Builder recallOf(String pulled) {
      recallOf = pulled;
      return this;
    }

    /** The release's {@code database} section; its SQL files go into a component. */
    public Builder database(DatabaseChanges value) {
      database = value;
      return this;
    }

    public Builder changelog(List<String> features, List<String> fixes, List<String> security) {
      changelog = new org.openupdate.manifest.Changelog(features, fixes, security);
      return this;
    }

    /** A {@code compatibility} entry: the alternatives the machine's fact must match. */
    public Builder compatibility(String fact, String... alternatives) {
      compatibility.put(fact, List.of(alternatives));
      return this;
    }

    public Builder signedBy(SigningKey value) {
      key = value;
      return this;
    }

    public Builder component(String name, byte[] artifact) {
      components.put(name, artifact);
      return this;
    }

    /** A component the release is complete without ({@code required: false}). */
    public Builder optionalComponent(String name, byte[] artifact) {
      optional.add(name);
      return component(name, artifact);
    }

    /** Declares a size in the signed manifest that differs from the artifact's real size. */
    public Builder declaredSize(String name, long size) {
      declaredSizes.put(name, size);
      return this;
    }

    public Release build() {
      if (components.isEmpty()) {
        component(
            "backend",
            zip(
                Map.of(
                    "app.txt",
                    "backend " + version + "\n",
                    "bin/run.sh",
                    "echo " + version + "\n")));
      }
      Map<String, Component> declared = new LinkedHashMap<>();
      Map<String, byte[]> artifacts = new LinkedHashMap<>();
      components.forEach(
          (name, bytes) -> {
            String sha = FakeUpdateServer.sha256(bytes);
            declared.put(
                name,
                new Component(
                    version,
                    null,
                    sha,
                    declaredSizes.getOrDefault(name, (long) bytes.length),
                    !optional.contains(name)));
            artifacts.put(sha, bytes);
          });
      ReleaseManifest manifest =
          new ReleaseManifest(
              product,
              version,
              channel,
              Instant.parse("2024-03-15T00:00:00Z"),
              expires,
              minimumVersion,
              mandatory,
              installDeadline,
              declared,
              database,
              changelog,
              compatibility.isEmpty() ? null : compatibility,
              null,
              sequence,
              recallOf);
      byte[] bytes = ManifestJson.write(manifest);
      return new Release(manifest, bytes, TestKeys.sign(bytes, key), artifacts);
    }
  }
}
