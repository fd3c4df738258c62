package org.openupdate.server.delta;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;
import org.openupdate.manifest.DeltaIndex;
import org.openupdate.manifest.ManifestJson;
import org.openupdate.manifest.Version;
import org.openupdate.server.artifact.ArtifactStore;
import org.openupdate.server.release.ReleaseChanged;
import org.openupdate.server.signing.ServerKeys;

/**
 * Makes a release's deltas once it is published, on one background thread so publishing never waits
 * and only one generation uses memory at a time: from each of the fleet's most-installed older
 * versions and the previous release, per component, a delta kept only when it is clearly smaller
 * than the component; then one index per base version, signed by the manifest keys.
 */
@ApplicationScoped
public class DeltaService {
  private static final Logger LOG = Logger.getLogger(DeltaService.class);

  @Inject DeltaConfig config;
  @Inject DeltaIndexes indexes;
  @Inject ArtifactStore store;
  @Inject ServerKeys keys;
  @Inject Clock clock;

  private final ExecutorService generator =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "delta-generator");
            thread.setDaemon(true);
            return thread;
          });

  void onPublished(@Observes(during = TransactionPhase.AFTER_SUCCESS) ReleaseChanged changed) {
    if (config.enabled() && changed.kind() == ReleaseChanged.Kind.PUBLISHED) {
      generator.execute(() -> generateLogged(changed.product(), changed.version()));
    }
  }

  void onStop(@Observes ShutdownEvent stop) {
    generator.shutdownNow();
  }

  private void generateLogged(String product, String version) {
    try {
      List<String> from = generate(product, version);
      LOG.infof("deltas to %s %s made from %s", product, version, from);
    } catch (RuntimeException | SQLException e) {
      LOG.warnf(e, "deltas to %s %s not made", product, version);
    }
  }

  /** Makes the missing deltas to one release; returns the base versions it has deltas from now. */
  List<String> generate(String product, String version) throws SQLException {
    Map<String, DeltaIndexes.Artifact> target = indexes.artifacts(product, version);
    List<String> done = new ArrayList<>();
    for (String base : bases(product, Version.parse(version))) {
      if (indexes.exists(product, version, base)) {
        done.add(base);
        continue;
      }
      Map<String, DeltaIndex.Delta> deltas = new LinkedHashMap<>();
      Map<String, DeltaIndexes.Artifact> old = indexes.artifacts(product, base);
      for (var component : target.entrySet()) {
        DeltaIndexes.Artifact from = old.get(component.getKey());
        if (from != null) {
          delta(product, version, base, component.getKey(), from, component.getValue())
              .ifPresent(d -> deltas.put(component.getKey(), d));
        }
      }
      if (deltas.isEmpty()) {
        continue;
      }
      byte[] document = ManifestJson.write(new DeltaIndex(product, version, base, deltas));
      try {
        indexes.save(
            product,
            version,
            base,
            new DeltaIndexes.Signed(document, keys.sign(document)),
            clock.instant());
        done.add(base);
      } catch (SQLException e) {
        // Another instance made it first: its index serves as well as ours.
        if (!indexes.exists(product, version, base)) {
          throw e;
        }
        done.add(base);
      }
    }
    return done;
  }

  private Set<String> bases(String product, Version target) throws SQLException {
    return bases(
        indexes.fleetVersions(product), indexes.publishedVersions(product), target, config.bases());
  }

  /**
   * The {@code n} most-installed published versions older than {@code target}, then the previous
   * published release.
   *
   * @param fleet the versions the fleet runs, most-installed first
   */
  static Set<String> bases(List<String> fleet, List<String> published, Version target, int n) {
    Set<String> bases = new LinkedHashSet<>();
    for (String v : fleet) {
      if (bases.size() == n) {
        break;
      }
      if (published.contains(v) && olderThan(v, target)) {
        bases.add(v);
      }
    }
    published.stream()
        .filter(v -> olderThan(v, target))
        .max(Comparator.comparing(Version::parse))
        .ifPresent(bases::add);
    return bases;
  }

  private static boolean olderThan(String version, Version target) {
    return Version.isValid(version) && Version.parse(version).compareTo(target) < 0;
  }

  private Optional<DeltaIndex.Delta> delta(
      String product,
      String version,
      String base,
      String component,
      DeltaIndexes.Artifact from,
      DeltaIndexes.Artifact to) {
    long limit = config.maxComponentSize().asLongValue();
    Optional<Path> oldFile = store.find(from.sha256());
    Optional<Path> newFile = store.find(to.sha256());
    String what = product + " " + base + " -> " + version + " component '" + component + "'";
    if (oldFile.isEmpty() || newFile.isEmpty() || from.size() > limit || to.size() > limit) {
      LOG.debugf("no delta for %s: not stored here or above %d bytes", what, limit);
      return Optional.empty();
    }
    Path work = null;
    try {
      work = Files.createTempDirectory(store.scratchDirectory(), "delta-");
      Path out = work.resolve("delta");
      make(oldFile.get(), newFile.get(), work, out, config);
      long size = Files.size(out);
      if (size > to.size() * config.maxRatio()) {
        LOG.infof("delta for %s dropped: %d of %d bytes", what, size, to.size());
        return Optional.empty();
      }
      return Optional.of(new DeltaIndex.Delta(to.sha256(), store.storeMade(out), size));
    } catch (IOException | RuntimeException e) {
      LOG.warnf("no delta for %s: %s", what, e.getMessage());
      return Optional.empty();
    } finally {
      if (work != null && !ComponentTree.deleteTree(work)) {
        LOG.warnf("cannot delete %s", work);
      }
    }
  }

  /** Reads both artifacts under {@code work} and writes the delta to {@code out}. */
  static void make(Path oldFile, Path newFile, Path work, Path out, DeltaConfig config)
      throws IOException {
    long deadline = System.nanoTime() + config.timeout().toNanos();
    ComponentTree base = ComponentTree.read(oldFile, work.resolve("old"), config.maxEntries());
    ComponentTree target = ComponentTree.read(newFile, work.resolve("new"), config.maxEntries());
    DeltaWriter.write(
        base,
        target,
        out,
        new DeltaWriter.Limits(config.maxDiffFileSize().asLongValue(), deadline));
  }
}
