package org.openupdate.client.internal.download;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.openupdate.client.internal.config.Settings;
import org.openupdate.client.internal.install.DeltaApplier;
import org.openupdate.client.internal.install.Installer;
import org.openupdate.client.internal.verify.ManifestVerifier;
import org.openupdate.manifest.CheckResponse;
import org.openupdate.manifest.Component;
import org.openupdate.manifest.DeltaIndex;
import org.openupdate.manifest.ManifestJson;
import org.openupdate.manifest.ReleaseManifest;

/**
 * Components rebuilt from the installed version and a delta instead of downloaded whole, when the
 * check answer offers deltas from the running version. The delta index must be signed by the pinned
 * keys and name the signed manifest's component hashes; the delta is downloaded like an artifact
 * (same deadlines and floor, its hash and size fixed by the index); the rebuilt folder must match
 * the file map file for file. Any failure is logged and returns empty: the caller downloads the
 * component whole.
 */
public final class DeltaDownloads {
  private static final int MAX_INDEX_BYTES = 256 * 1024;
  private final Settings settings;
  private final ManifestVerifier verifier;
  private final ArtifactDownloader downloader;
  private final Path work;
  private final Consumer<String> log;

  /** The deltas of one update: from {@code installedDir}, as the signed index lists them. */
  public final class Plan {
    private final DeltaIndex index;
    private final Path installedDir;
    private long bytes;

    private Plan(DeltaIndex index, Path installedDir) {
      this.index = index;
      this.installedDir = installedDir;
    }

    /** Bytes of deltas fetched, used or not. */
    public long bytesDownloaded() {
      return bytes;
    }

    /** The component's folder rebuilt and checked, or empty (said why) to download it whole. */
    public Optional<Installer.Artifact> rebuild(String name, Component component, String fileName) {
      DeltaIndex.Delta delta = index.components().get(name);
      if (delta == null) {
        return Optional.empty();
      }
      String fallback = "; downloading it whole";
      if (!component.sha256().equals(delta.componentSha256()) || delta.size() >= component.size()) {
        log.accept(
            "delta for "
                + name
                + " refused: the signed index does not match the signed manifest's component"
                + fallback);
        return Optional.empty();
      }
      Path base = installedDir.resolve(name);
      if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
        log.accept(
            "delta for " + name + " not used: this machine has no installed " + base + fallback);
        return Optional.empty();
      }
      Path out = work.resolve(component.sha256() + ".tree");
      try {
        Path file =
            downloader.fetch(
                settings.resolve("api/v1/artifacts/" + delta.sha256()),
                delta.sha256(),
                delta.size(),
                ArtifactDownloader.Progress.NONE);
        bytes += delta.size();
        DeltaApplier.discard(out);
        DeltaApplier.apply(file, base, out, fileName, component.sha256());
        Files.deleteIfExists(file);
        log.accept(
            "rebuilt "
                + name
                + " from "
                + index.fromVersion()
                + " with a delta of "
                + delta.size()
                + " bytes instead of "
                + component.size());
        return Optional.of(new Installer.Artifact(out, fileName, true));
      } catch (IOException | RuntimeException e) {
        if (e instanceof DownloadException d && d.refusal().isPresent()) {
          bytes += delta.size();
        }
        log.accept("delta for " + name + " thrown away: " + e.getMessage() + fallback);
        try {
          DeltaApplier.discard(out);
        } catch (IOException ignored) {
          // Left for the next attempt, which discards it first.
        }
        return Optional.empty();
      }
    }
  }

  public DeltaDownloads(
      Settings settings,
      ManifestVerifier verifier,
      ArtifactDownloader downloader,
      Path work,
      Consumer<String> log) {
    this.settings = settings;
    this.verifier = verifier;
    this.downloader = downloader;
    this.work = work;
    this.log = log;
  }

  /** The deltas the offer has from {@code installed}, or empty when there are none to use. */
  public Optional<Plan> plan(
      CheckResponse offer, ReleaseManifest manifest, String installed, Path installedDir) {
    List<String> from = offer.deltaFrom();
    if (from == null || !from.contains(installed)) {
      return Optional.empty();
    }
    String base =
        "api/v1/deltas/" + manifest.product() + "/" + manifest.version() + "/" + installed;
    try {
      byte[] bytes =
          verifier.fetchSigned(
              settings.resolve(base), settings.resolve(base + ".asc"), MAX_INDEX_BYTES);
      DeltaIndex index = ManifestJson.read(bytes, DeltaIndex.class);
      if (!manifest.product().equals(index.product())
          || !manifest.version().equals(index.version())
          || !installed.equals(index.fromVersion())) {
        throw new IOException("the signed delta index is for another release or version");
      }
      return Optional.of(new Plan(index, installedDir));
    } catch (IOException | RuntimeException e) {
      log.accept("deltas from " + installed + " not used: " + e.getMessage());
      return Optional.empty();
    }
  }
}
