package org.openupdate.client.internal.selfupdate;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import org.openupdate.client.internal.check.UpdateChecker;
import org.openupdate.client.internal.config.Settings;
import org.openupdate.client.internal.download.ArtifactDownloader;
import org.openupdate.client.internal.download.DownloadException;
import org.openupdate.client.internal.install.InstallLock;
import org.openupdate.client.internal.install.Layout;
import org.openupdate.client.internal.net.Http;
import org.openupdate.client.internal.report.ReportQueue;
import org.openupdate.client.internal.report.Reporter;
import org.openupdate.client.internal.state.StateStore;
import org.openupdate.client.internal.trust.Trust;
import org.openupdate.client.internal.verify.ManifestPolicy;
import org.openupdate.client.internal.verify.ManifestVerifier;
import org.openupdate.client.internal.verify.RefusedException;
import org.openupdate.manifest.Component;
import org.openupdate.manifest.RefusalReason;
import org.openupdate.manifest.ReleaseManifest;
import org.openupdate.manifest.RollbackReason;
import org.openupdate.manifest.UpdatePhase;
import org.openupdate.manifest.Version;

/**
 * The agent updating itself, published as product {@value #PRODUCT} and verified like any release.
 * The launcher ({@code deploy/systemd/update-client-launcher.sh}) runs {@code
 * <dir>/current/update-client.jar}; this stages a newer jar in {@code versions/<v>/}, writes {@code
 * pending} (previous and new version, confirmation timeout), switches {@code current} and has the
 * agent exit. The launcher starts the new jar, which writes {@code confirmed} once it completed a
 * check; without that in time the launcher renames {@code pending} to {@code failed} and starts the
 * previous jar, which switches {@code current} back and reports the failure.
 */
public final class SelfUpdate {
  /** The product name the agent is published under. */
  public static final String PRODUCT = "update-client";

  /** The component of the agent's release whose artifact is the jar. */
  static final String COMPONENT = "agent";

  private final Settings settings;
  private final Path lockDir;
  private final Layout layout;
  private final StateStore store;
  private final UpdateChecker checker;
  private final ManifestVerifier verifier;
  private final ManifestPolicy policy;
  private final ArtifactDownloader downloader;
  private final Reporter reporter;
  private final String clientId;
  private final String platform;
  private final boolean reportOnly;
  private final int confirmTimeout;
  private final Clock clock;
  private final Consumer<String> log;

  /**
   * @param settings the agent's product settings ({@link Settings#forAgent}); its state (failed and
   *     good versions, sequences) is kept apart from the application's
   * @param queue the application's report queue; the client id is the application's too
   * @param lockDir the application's state folder, whose install lock the agent takes to switch
   * @param reportOnly true where the agent only reports (a container's jar comes with its image)
   */
  public SelfUpdate(
      Settings settings,
      Path lockDir,
      Http http,
      Trust trust,
      ManifestPolicy policy,
      ArtifactDownloader downloader,
      ReportQueue queue,
      StateStore applicationStore,
      String platform,
      boolean reportOnly,
      int confirmTimeout,
      Clock clock,
      Consumer<String> log) {
    this.settings = settings;
    this.lockDir = lockDir;
    this.layout = new Layout(settings.installDir());
    this.store = new StateStore(settings.stateDir(), clock);
    this.checker = new UpdateChecker(settings, http, clock);
    this.verifier = new ManifestVerifier(settings, http, trust, clock);
    this.policy = policy;
    this.downloader = downloader;
    this.reporter = new Reporter(queue, settings, applicationStore, clock, log);
    this.clientId = applicationStore.facts().clientId();
    this.platform = platform;
    this.reportOnly = reportOnly;
    this.confirmTimeout = confirmTimeout;
    this.clock = clock;
    this.log = log;
  }

  /**
   * One pass: takes note of a failed self-update, confirms this agent after its check, stages a
   * newer agent. True when a newer agent is staged and this one must exit for the launcher. The
   * install lock is held for a moment to take note of a failure, and to stage and switch; never
   * while the check, the manifest or the jar is waited for, so that a slow server does not keep an
   * operator's {@code apply} or {@code rollback} out.
   */
  public boolean cycle() throws IOException {
    if (Files.exists(layout.installDir().resolve("failed"))) {
      InstallLock.briefly(
          lockDir,
          () -> {
            Properties failed = read("failed");
            if (failed != null) {
              wentBack(failed);
            }
          });
    }
    Optional<String> running = layout.currentVersion();
    if (running.isEmpty()) {
      log.accept(
          "self-update: " + layout.currentLink() + " is missing; not started by the launcher");
      return false;
    }
    String version = running.get();
    UpdateChecker.Answer answer = checker.check(version, clientId, platform, Map.of());
    if (!(answer instanceof UpdateChecker.Answer.Offer)
        && !(answer instanceof UpdateChecker.Answer.UpToDate)) {
      return false;
    }
    // Without the install lock: confirming writes only the agent's own markers and facts, and must
    // not wait for an operator's install, or the launcher would give up on this agent meanwhile.
    confirm(version);
    if (!(answer instanceof UpdateChecker.Answer.Offer offer)) {
      return false;
    }
    String offered = offer.response().version();
    if (reportOnly) {
      // The check told the server which agent runs; a container's jar comes with its image.
      log.accept(
          "self-update: report-only on this "
              + platform
              + " machine: "
              + PRODUCT
              + " "
              + offered
              + " is offered, "
              + version
              + " runs; nothing is downloaded or installed (configuration field 'reportOnly')");
      return false;
    }
    try {
      ManifestVerifier.Verified verified = verifier.fetch(offer.response());
      ReleaseManifest manifest = verified.manifest();
      policy.check(
          manifest,
          new ManifestPolicy.Known(
              Version.parse(version), store.highestSeen(), store.facts().sequences()),
          clock.instant());
      if (store.facts().failedVersions().contains(offered)) {
        log.accept("self-update: " + PRODUCT + " " + offered + " failed here before; not retried");
        return false;
      }
      Component jar = manifest.components().get(COMPONENT);
      if (jar == null) {
        throw new RefusedException(
            RefusalReason.MALFORMED,
            PRODUCT + " " + offered + " has no component '" + COMPONENT + "'; refused");
      }
      Path file =
          downloader.fetch(
              settings.resolve(jar.url() != null ? jar.url() : "api/v1/artifacts/" + jar.sha256()),
              jar.sha256(),
              jar.size(),
              ArtifactDownloader.Progress.NONE);
      try (InstallLock held = InstallLock.acquire(lockDir)) {
        Optional<String> changed = changedSince(version, offered);
        if (changed.isPresent()) {
          log.accept("self-update: " + offered + " not staged: " + changed.get());
          return false;
        }
        stage(version, offered, file, verified);
      }
      reporter.about(version, offered).phase(UpdatePhase.HEALTH_CHECKING, null, null);
      log.accept("self-update: " + PRODUCT + " " + offered + " staged; restarting into it");
      return true;
    } catch (RefusedException e) {
      reporter.about(version, offered).refused(e.reason(), e.getMessage());
      log.accept("self-update: " + PRODUCT + " " + offered + " refused: " + e.getMessage());
    } catch (DownloadException e) {
      // Bytes other than the signed ones (a tampered jar): refused, as for the application.
      if (e.refusal().isPresent()) {
        reporter.about(version, offered).refused(e.refusal().get(), e.getMessage());
      }
      log.accept("self-update to " + offered + " failed: " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      log.accept("self-update to " + offered + " failed: " + e.getMessage());
    }
    return false;
  }

  /**
   * Why staging {@code offered} over {@code version}, decided without the lock, no longer holds:
   * another agent switched or staged meanwhile, or the launcher went back. Empty when it holds.
   */
  private Optional<String> changedSince(String version, String offered) {
    Optional<String> now = layout.currentVersion();
    if (!now.equals(Optional.of(version))) {
      return Optional.of(
          layout.currentLink()
              + " points at "
              + now.orElse("nothing")
              + " now, not "
              + version
              + " (another agent switched meanwhile)");
    }
    Path installDir = layout.installDir();
    if (Files.exists(installDir.resolve("failed")) || Files.exists(installDir.resolve("pending"))) {
      // Also a confirmed one's pending: the launcher removes it (and would remove a new one too).
      return Optional.of(
          "the launcher has not settled the last self-update yet ("
              + installDir
              + "/pending or failed exists); tried again at the next cycle");
    }
    if (store.facts().failedVersions().contains(offered)) {
      return Optional.of(offered + " failed here meanwhile");
    }
    return Optional.empty();
  }

  /** Stages the verified jar, writes {@code pending} and switches; the caller holds the lock. */
  private void stage(String version, String offered, Path file, ManifestVerifier.Verified verified)
      throws IOException {
    ReleaseManifest manifest = verified.manifest();
    Path staging = layout.newStagingDir(offered);
    Files.move(file, staging.resolve("update-client.jar"), StandardCopyOption.REPLACE_EXISTING);
    Files.write(staging.resolve("release-manifest.json"), verified.bytes());
    layout.publish(staging, offered);
    Properties pending = new Properties();
    pending.setProperty("previous", version);
    pending.setProperty("version", offered);
    pending.setProperty("timeout", String.valueOf(confirmTimeout));
    pending.setProperty("channel", manifest.channel());
    pending.setProperty("sequence", String.valueOf(manifest.sequence()));
    write("pending", pending);
    layout.switchTo(offered);
  }

  /** The new agent completed a check: it works; the launcher keeps it. */
  private void confirm(String version) throws IOException {
    Properties pending = read("pending");
    Path confirmed = layout.installDir().resolve("confirmed");
    if (pending == null
        || !version.equals(pending.getProperty("version"))
        || Files.exists(confirmed)) {
      return;
    }
    Files.writeString(confirmed, clock.instant() + "\n");
    store.markGood(version);
    String sequence = pending.getProperty("sequence", "null");
    if (!sequence.equals("null")) {
      store.keepSequence(pending.getProperty("channel"), Long.parseLong(sequence));
    }
    reporter.about(pending.getProperty("previous"), version).completed(null, null, List.of());
    log.accept("self-update: " + PRODUCT + " " + version + " confirmed itself");
  }

  /** The launcher went back to the previous jar: point {@code current} at it and report. */
  private void wentBack(Properties failed) throws IOException {
    String previous = failed.getProperty("previous");
    String version = failed.getProperty("version");
    layout.switchTo(previous);
    store.markFailed(version);
    String why =
        PRODUCT
            + " "
            + version
            + " did not confirm itself within "
            + failed.getProperty("timeout")
            + " s; the launcher went back to "
            + previous;
    reporter.rolledBack(
        previous, version, RollbackReason.HEALTH_CHECK, null, null, null, List.of(why));
    Files.delete(layout.installDir().resolve("failed"));
    log.accept("self-update: " + why);
  }

  /** A marker's key=value lines; null when there is none. */
  private Properties read(String name) throws IOException {
    Path file = layout.installDir().resolve(name);
    if (!Files.exists(file)) {
      return null;
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      properties.load(reader);
    }
    return properties;
  }

  /** As key=value lines the launcher reads with sed (versions need no escaping). */
  private void write(String name, Properties properties) throws IOException {
    StringWriter text = new StringWriter();
    properties.store(text, null);
    StateStore.writeAtomically(
        layout.installDir().resolve(name), text.toString().getBytes(StandardCharsets.ISO_8859_1));
  }
}
