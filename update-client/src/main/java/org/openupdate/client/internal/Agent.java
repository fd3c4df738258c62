package org.openupdate.client.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.openupdate.client.UpdateClient.Outcome;
import org.openupdate.client.UpdateClient.Result;
import org.openupdate.client.UpdateClient.Status;
import org.openupdate.client.internal.check.UpdateChecker;
import org.openupdate.client.internal.check.UpdateChecker.Answer;
import org.openupdate.client.internal.config.Settings;
import org.openupdate.client.internal.download.ArtifactDownloader;
import org.openupdate.client.internal.download.DownloadException;
import org.openupdate.client.internal.install.InstallLock;
import org.openupdate.client.internal.install.Installer;
import org.openupdate.client.internal.net.Backoff;
import org.openupdate.client.internal.net.Http;
import org.openupdate.client.internal.platform.PlatformDetector;
import org.openupdate.client.internal.report.ReportQueue;
import org.openupdate.client.internal.state.AgentState;
import org.openupdate.client.internal.state.StateStore;
import org.openupdate.client.internal.state.Transaction;
import org.openupdate.client.internal.verify.ManifestPolicy;
import org.openupdate.client.internal.verify.ManifestVerifier;
import org.openupdate.client.internal.verify.RefusedException;
import org.openupdate.client.internal.window.MaintenanceWindow;
import org.openupdate.manifest.Component;
import org.openupdate.manifest.ReleaseManifest;
import org.openupdate.manifest.StatusDetails;
import org.openupdate.manifest.StatusReport;
import org.openupdate.manifest.UpdatePhase;
import org.openupdate.manifest.UpdateStatus;
import org.openupdate.manifest.Version;

/** Runs the update cycle: check, verify, download, wait for the window, install, report. */
public final class Agent {
  private final Settings settings;
  private final Clock clock;
  private final Consumer<String> log;
  private final boolean progressBar;
  private final StateStore store;
  private final UpdateChecker checker;
  private final ManifestVerifier verifier;
  private final ManifestPolicy policy;
  private final ArtifactDownloader downloader;
  private final Installer installer;
  private final ReportQueue reports;
  private final MaintenanceWindow window;
  private final String platform;

  public Agent(Settings settings, Clock clock, Consumer<String> log, boolean progressBar) {
    this.settings = settings;
    this.clock = clock;
    this.log = log;
    this.progressBar = progressBar;
    Http http = new Http(settings);
    this.store = new StateStore(settings.stateDir(), clock);
    this.checker = new UpdateChecker(settings, http, clock);
    this.verifier = new ManifestVerifier(settings, http, clock);
    this.policy = new ManifestPolicy(settings.product(), settings.channel());
    this.downloader =
        new ArtifactDownloader(
            http,
            settings.stateDir().resolve("downloads"),
            settings.minBytesPerSecond(),
            settings.throughputWindow(),
            settings.downloadDeadline());
    this.installer = new Installer(settings, store, clock);
    this.reports =
        new ReportQueue(
            settings.stateDir(), http, settings.resolve("api/v1/updates/status"), clock);
    this.window = settings.window();
    this.platform = settings.platform().orElseGet(() -> PlatformDetector.ofThisMachine().detect());
  }

  /** What the agent intends with an offer. */
  private enum Intent {
    LOOK,
    DOWNLOAD_ONLY,
    INSTALL_IN_WINDOW,
    INSTALL_NOW
  }

  public Result check() {
    return locked(() -> cycle(Intent.LOOK, false));
  }

  public Result apply(boolean ignoreWindow) {
    return locked(() -> cycle(ignoreWindow ? Intent.INSTALL_NOW : Intent.INSTALL_IN_WINDOW, false));
  }

  public Result cycle() {
    return locked(
        () ->
            cycle(settings.autoInstall() ? Intent.INSTALL_IN_WINDOW : Intent.DOWNLOAD_ONLY, true));
  }

  public Result rollback(Optional<String> version) {
    return locked(
        () -> {
          Installer.Outcome outcome;
          try {
            outcome = installer.rollBackTo(version);
          } catch (IOException e) {
            return new Result(
                Outcome.FAILED, version.orElse(""), "rollback refused: " + e.getMessage(), null);
          }
          UpdateStatus status =
              outcome.state() == AgentState.ROLLED_BACK
                  ? UpdateStatus.ROLLED_BACK
                  : UpdateStatus.FAILED;
          report(
              outcome.fromVersion(),
              outcome.toVersion(),
              status,
              null,
              null,
              null,
              outcome.problems());
          return outcome.state() == AgentState.ROLLED_BACK
              ? new Result(
                  Outcome.ROLLED_BACK,
                  outcome.toVersion(),
                  "rolled back from " + outcome.fromVersion() + " to " + outcome.toVersion(),
                  null)
              : new Result(
                  Outcome.FAILED, outcome.toVersion(), String.join("; ", outcome.problems()), null);
        });
  }

  public void loop() throws InterruptedException {
    Backoff backoff =
        new Backoff(
            Duration.ofSeconds(30),
            settings.checkInterval(),
            ThreadLocalRandom.current()::nextDouble);
    int failures = 0;
    while (!Thread.currentThread().isInterrupted()) {
      Result result = cycle();
      log.accept(
          result.outcome()
              + (result.version().isEmpty() ? "" : " " + result.version())
              + ": "
              + result.message());
      Duration wait;
      if (result.outcome() == Outcome.UNREACHABLE) {
        wait = backoff.delay(failures++, result.retryAfter().orElse(Duration.ZERO));
      } else {
        failures = 0;
        wait = jittered(settings.checkInterval());
        if (result.outcome() == Outcome.OUTSIDE_WINDOW) {
          Duration untilOpen =
              Duration.between(clock.instant(), window.nextOpening(clock.instant()));
          wait = untilOpen.compareTo(wait) < 0 ? untilOpen.plusSeconds(1) : wait;
        }
      }
      log.accept("next check in " + wait.toSeconds() + " s");
      Thread.sleep(Math.max(1000, wait.toMillis()));
    }
  }

  public Status status() {
    Transaction tx = store.transaction();
    List<String> kept;
    try {
      kept = installer.layout().installedVersions();
    } catch (IOException e) {
      kept = List.of();
    }
    return new Status(
        tx.state().wireName(),
        tx.reason() == null ? "" : tx.reason(),
        installer
            .layout()
            .currentVersion()
            .orElse("(none, initial " + settings.initialVersion() + ")"),
        kept,
        store.highestSeen().map(Version::toString).orElse(""),
        reports.pending(),
        store.facts().clientId(),
        platform);
  }

  private Duration jittered(Duration interval) {
    double spread = settings.checkJitter() * (ThreadLocalRandom.current().nextDouble() * 2 - 1);
    return Duration.ofMillis((long) (interval.toMillis() * (1 + spread)));
  }

  private interface Step {
    Result run() throws IOException;
  }

  /** Runs {@code step} holding the install lock, after finishing whatever a dead agent left. */
  private Result locked(Step step) {
    Optional<InstallLock> lock;
    try {
      lock = InstallLock.tryAcquire(settings.stateDir());
    } catch (IOException e) {
      return new Result(Outcome.FAILED, "", "cannot open the lock file: " + e.getMessage(), null);
    }
    if (lock.isEmpty()) {
      return new Result(
          Outcome.BUSY,
          "",
          "another update is in progress (lock "
              + settings.stateDir().resolve("update.lock")
              + " is held); not starting a second one",
          null);
    }
    try (InstallLock held = lock.get()) {
      recover();
      Result result = step.run();
      flushReports();
      return result;
    } catch (IOException | UncheckedIOException e) {
      failTransaction(e.getMessage());
      flushReports();
      return new Result(Outcome.FAILED, "", e.getMessage(), null);
    }
  }

  private void recover() throws IOException {
    Transaction tx = store.transaction();
    if (tx.state().inTransaction()) {
      Optional<Installer.Outcome> outcome = installer.recover();
      if (outcome.isPresent()) {
        log.accept(
            "recovered an interrupted install of "
                + outcome.get().toVersion()
                + ": rolled back to "
                + describe(outcome.get().fromVersion()));
        report(
            outcome.get().fromVersion(),
            outcome.get().toVersion(),
            UpdateStatus.ROLLED_BACK,
            null,
            null,
            null,
            outcome.get().problems());
      }
    } else if (tx.state() == AgentState.CHECKING
        || tx.state() == AgentState.DOWNLOADING
        || tx.state() == AgentState.VERIFYING) {
      // Nothing was touched yet; partial downloads stay and resume on the next cycle.
      store.save(
          tx.moveTo(
              AgentState.IDLE, clock.instant(), "interrupted while " + tx.state().wireName()));
    }
  }

  private Result cycle(Intent intent, boolean daemon) throws IOException {
    String installed = installedVersion();
    Transaction tx = store.transaction();
    boolean wasWaiting = tx.state() == AgentState.WAITING_FOR_WINDOW;
    if (wasWaiting) {
      tx = tx.moveTo(AgentState.CHECKING, clock.instant(), null);
    } else {
      tx = tx.start(AgentState.CHECKING, installed, null, clock.instant());
    }
    store.save(tx);
    Answer answer = checker.check(installed, store.facts().clientId(), platform);
    if (answer instanceof Answer.RetryLater later) {
      store.save(tx.moveTo(AgentState.IDLE, clock.instant(), later.why()));
      return new Result(Outcome.UNREACHABLE, "", later.why(), later.after());
    }
    if (answer instanceof Answer.UpToDate) {
      store.save(tx.moveTo(AgentState.IDLE, clock.instant(), null));
      return new Result(
          Outcome.UP_TO_DATE, installed, "no newer release is offered for " + installed, null);
    }
    var offer = ((Answer.Offer) answer).response();
    ManifestVerifier.Verified verified;
    try {
      verified = verifier.fetch(offer);
      policy.check(
          verified.manifest(), Version.parse(installed), store.highestSeen(), clock.instant());
    } catch (RefusedException e) {
      store.save(tx.moveTo(AgentState.FAILED, clock.instant(), e.getMessage()));
      report(
          installed,
          offer.version(),
          UpdateStatus.FAILED,
          null,
          null,
          null,
          List.of(e.getMessage()));
      return new Result(Outcome.REFUSED, offer.version(), e.getMessage(), null);
    }
    ReleaseManifest manifest = verified.manifest();
    String version = manifest.version();
    store.sawVersion(manifest.parsedVersion());
    if (intent == Intent.LOOK) {
      store.save(tx.moveTo(AgentState.IDLE, clock.instant(), null));
      return new Result(Outcome.AVAILABLE, version, describeOffer(manifest), null);
    }
    if (daemon && store.facts().failedVersions().contains(version)) {
      store.save(tx.moveTo(AgentState.IDLE, clock.instant(), null));
      return new Result(
          Outcome.FAILED,
          version,
          version
              + " was rolled back before; not retried automatically (run 'update-client apply')",
          null);
    }
    if (daemon && manifest.mandatory()) {
      intent = Intent.INSTALL_IN_WINDOW;
    }
    tx =
        new Transaction(
            tx.state(), installed, version, null, tx.startedAt(), clock.instant(), null);
    store.save(tx = tx.moveTo(AgentState.DOWNLOADING, clock.instant(), null));
    report(
        installed,
        version,
        UpdateStatus.IN_PROGRESS,
        UpdatePhase.DOWNLOADING,
        null,
        null,
        List.of());
    long downloadStart = System.nanoTime();
    Map<String, Installer.Artifact> artifacts = new LinkedHashMap<>();
    try {
      for (var entry : manifest.components().entrySet()) {
        artifacts.put(entry.getKey(), download(entry.getKey(), entry.getValue()));
      }
    } catch (DownloadException e) {
      store.save(tx.moveTo(AgentState.FAILED, clock.instant(), e.getMessage()));
      report(
          installed,
          version,
          UpdateStatus.FAILED,
          null,
          seconds(downloadStart),
          null,
          List.of(e.getMessage()));
      return new Result(
          e.refused() ? Outcome.REFUSED : Outcome.FAILED, version, e.getMessage(), null);
    }
    double downloadTime = seconds(downloadStart);
    store.save(tx = tx.moveTo(AgentState.VERIFYING, clock.instant(), null));
    report(
        installed,
        version,
        UpdateStatus.IN_PROGRESS,
        UpdatePhase.VERIFYING,
        downloadTime,
        null,
        List.of());
    if (intent == Intent.DOWNLOAD_ONLY) {
      store.save(tx.moveTo(AgentState.IDLE, clock.instant(), null));
      return new Result(
          Outcome.AVAILABLE,
          version,
          version + " is downloaded and verified; run 'update-client apply' to install it",
          null);
    }
    Instant now = clock.instant();
    boolean deadlinePassed =
        manifest.installDeadline() != null && !now.isBefore(manifest.installDeadline());
    if (intent != Intent.INSTALL_NOW && !deadlinePassed && !window.isOpen(now)) {
      Instant opens = window.nextOpening(now);
      store.save(
          tx.moveTo(AgentState.WAITING_FOR_WINDOW, clock.instant(), "window opens " + opens));
      if (!wasWaiting) {
        report(
            installed,
            version,
            UpdateStatus.IN_PROGRESS,
            UpdatePhase.WAITING_FOR_WINDOW,
            downloadTime,
            null,
            List.of());
      }
      return new Result(
          Outcome.OUTSIDE_WINDOW,
          version,
          version + " waits for the maintenance window (" + window + "), next opening " + opens,
          null);
    }
    report(
        installed,
        version,
        UpdateStatus.IN_PROGRESS,
        UpdatePhase.INSTALLING,
        downloadTime,
        null,
        List.of());
    long installStart = System.nanoTime();
    Installer.Outcome outcome =
        installer.install(
            new Installer.Staged(version, verified.bytes(), artifacts),
            () ->
                report(
                    installed,
                    version,
                    UpdateStatus.IN_PROGRESS,
                    UpdatePhase.HEALTH_CHECKING,
                    downloadTime,
                    seconds(installStart),
                    List.of()));
    double installTime = seconds(installStart);
    return switch (outcome.state()) {
      case SUCCESS -> {
        report(
            installed, version, UpdateStatus.COMPLETED, null, downloadTime, installTime, List.of());
        for (Installer.Artifact artifact : artifacts.values()) {
          Files.deleteIfExists(artifact.file());
        }
        yield new Result(
            Outcome.INSTALLED,
            version,
            "installed "
                + version
                + " (was "
                + describe(installed)
                + ")"
                + (outcome.problems().isEmpty()
                    ? ""
                    : "; " + String.join("; ", outcome.problems())),
            null);
      }
      case ROLLED_BACK -> {
        report(
            installed,
            version,
            UpdateStatus.ROLLED_BACK,
            null,
            downloadTime,
            installTime,
            outcome.problems());
        yield new Result(
            Outcome.ROLLED_BACK,
            version,
            "installing "
                + version
                + " failed and was rolled back to "
                + describe(installed)
                + ": "
                + String.join("; ", outcome.problems()),
            null);
      }
      default -> {
        report(
            installed,
            version,
            UpdateStatus.FAILED,
            null,
            downloadTime,
            installTime,
            outcome.problems());
        yield new Result(Outcome.FAILED, version, String.join("; ", outcome.problems()), null);
      }
    };
  }

  private Installer.Artifact download(String name, Component component) throws IOException {
    URI uri =
        settings.resolve(
            component.url() != null ? component.url() : "api/v1/artifacts/" + component.sha256());
    log.accept("downloading " + name + " (" + component.size() + " bytes) from " + uri);
    ArtifactDownloader.Progress progress =
        progressBar ? new ProgressBar(name) : ArtifactDownloader.Progress.NONE;
    Path file = downloader.fetch(uri, component.sha256(), component.size(), progress);
    String path = uri.getPath();
    String fileName =
        component.url() != null && path != null && !path.endsWith("/")
            ? path.substring(path.lastIndexOf('/') + 1)
            : name;
    return new Installer.Artifact(file, fileName);
  }

  private String installedVersion() {
    return installer.layout().currentVersion().orElse(settings.initialVersion().toString());
  }

  private void report(
      String from,
      String to,
      UpdateStatus status,
      UpdatePhase phase,
      Double downloadTime,
      Double installTime,
      List<String> errors) {
    StatusReport report =
        new StatusReport(
            UUID.randomUUID().toString(),
            store.facts().clientId(),
            settings.product(),
            from == null || from.isEmpty() ? settings.initialVersion().toString() : from,
            to,
            settings.channel(),
            status,
            phase,
            clock.instant(),
            new StatusDetails(
                downloadTime,
                installTime,
                null,
                errors.isEmpty() ? null : errors.stream().map(Agent::clip).toList()));
    try {
      reports.enqueue(report);
    } catch (IOException e) {
      log.accept("cannot queue status report: " + e.getMessage());
    }
  }

  private void flushReports() {
    ReportQueue.Flush flush = reports.flush();
    flush.problems().forEach(log);
  }

  private void failTransaction(String why) {
    try {
      Transaction tx = store.transaction();
      if (!tx.state().inTransaction() && tx.state().canMoveTo(AgentState.FAILED)) {
        store.save(tx.moveTo(AgentState.FAILED, clock.instant(), why));
      }
    } catch (RuntimeException e) {
      log.accept("cannot record failure: " + e.getMessage());
    }
  }

  /** The status report schema caps an error at 2000 characters. */
  private static String clip(String error) {
    return error.length() <= 2000 ? error : error.substring(0, 1997) + "...";
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static String describe(String version) {
    return version == null || version.isEmpty() ? "nothing installed" : version;
  }

  private static String describeOffer(ReleaseManifest manifest) {
    StringBuilder text = new StringBuilder();
    text.append(manifest.product())
        .append(' ')
        .append(manifest.version())
        .append(" (")
        .append(manifest.channel())
        .append(manifest.mandatory() ? ", mandatory" : "")
        .append(")");
    text.append(", expires ").append(manifest.expires());
    manifest
        .components()
        .forEach(
            (name, c) ->
                text.append("\n  ")
                    .append(name)
                    .append(' ')
                    .append(c.version())
                    .append(": ")
                    .append(c.size())
                    .append(" bytes, sha256 ")
                    .append(c.sha256()));
    return text.toString();
  }
}
