package org.openupdate.client.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.openupdate.client.UpdateClient.Outcome;
import org.openupdate.client.UpdateClient.Result;
import org.openupdate.client.UpdateClient.Status;
import org.openupdate.client.internal.check.UpdateChecker;
import org.openupdate.client.internal.config.Settings;
import org.openupdate.client.internal.download.ArtifactDownloader;
import org.openupdate.client.internal.download.DeltaDownloads;
import org.openupdate.client.internal.install.InstallLock;
import org.openupdate.client.internal.install.Installer;
import org.openupdate.client.internal.net.Http;
import org.openupdate.client.internal.notice.Notices;
import org.openupdate.client.internal.notice.Notices.Notice;
import org.openupdate.client.internal.platform.PlatformDetector;
import org.openupdate.client.internal.report.ReportQueue;
import org.openupdate.client.internal.report.Reporter;
import org.openupdate.client.internal.selfupdate.SelfUpdate;
import org.openupdate.client.internal.state.AgentState;
import org.openupdate.client.internal.state.NextCheck;
import org.openupdate.client.internal.state.StateStore;
import org.openupdate.client.internal.state.Transaction;
import org.openupdate.client.internal.trust.Freshness;
import org.openupdate.client.internal.trust.Trust;
import org.openupdate.client.internal.verify.Compatibility;
import org.openupdate.client.internal.verify.ManifestPolicy;
import org.openupdate.client.internal.verify.ManifestVerifier;
import org.openupdate.manifest.RollbackReason;
import org.openupdate.manifest.Version;

/**
 * The agent behind {@code UpdateClient}: every operation starts under the install lock by finishing
 * whatever a dead agent left behind, and ends by sending queued reports.
 */
public final class Agent {
  private static final long NAP_MILLIS = 5000;
  private final Settings settings;
  private final Clock clock;
  private final Consumer<String> log;
  private final StateStore store;
  private final Installer installer;
  private final Reporter reporter;
  private final Notices notices;
  private final UpdateCycle.Parts parts;
  private final Optional<SelfUpdate> selfUpdate;
  private final Trust trust;
  private final Freshness freshness;

  public Agent(Settings settings, Clock clock, Consumer<String> log, boolean progressBar) {
    this(settings, clock, log, progressBar, PlatformDetector.ofThisMachine(settings.installDir()));
  }

  /** With {@code detector} reading a machine laid out elsewhere (tests simulate containers). */
  public Agent(
      Settings settings,
      Clock clock,
      Consumer<String> log,
      boolean progressBar,
      PlatformDetector detector) {
    this.settings = settings;
    this.clock = clock;
    this.log = log;
    Http http = new Http(settings);
    this.store = new StateStore(settings.stateDir(), clock);
    this.installer = new Installer(settings, store, clock);
    ReportQueue queue =
        new ReportQueue(
            settings.stateDir(), http, settings.resolve("api/v1/updates/status"), clock);
    this.reporter = new Reporter(queue, settings, store, clock, log);
    String platform = settings.platform().orElseGet(detector::detect);
    this.notices = new Notices(settings, log);
    this.trust = new Trust(settings, clock);
    this.freshness = new Freshness(settings, clock);
    Compatibility compatibility = Compatibility.of(platform, settings.compatibilityFacts());
    ManifestVerifier verifier = new ManifestVerifier(settings, http, trust, clock);
    ArtifactDownloader downloader =
        new ArtifactDownloader(
            http,
            settings.stateDir().resolve("downloads"),
            new Http.Limits(
                settings.downloadDeadline(),
                settings.minBytesPerSecond(),
                settings.throughputWindow()));
    this.parts =
        new UpdateCycle.Parts(
            settings,
            clock,
            log,
            progressBar,
            store,
            new UpdateChecker(settings, http, clock),
            verifier,
            trust,
            freshness,
            http,
            new ManifestPolicy(
                settings.product(), settings.channel(), settings.acceptedChannels(), compatibility),
            downloader,
            new DeltaDownloads(
                settings, verifier, downloader, settings.stateDir().resolve("deltas"), log),
            installer,
            reporter,
            settings.window(),
            platform,
            settings.reportOnly(platform),
            notices);
    this.selfUpdate =
        settings
            .forAgent(SelfUpdate.PRODUCT)
            .map(
                agent ->
                    new SelfUpdate(
                        agent,
                        settings.stateDir(),
                        http,
                        trust,
                        new ManifestPolicy(
                            SelfUpdate.PRODUCT,
                            agent.channel(),
                            agent.acceptedChannels(),
                            compatibility),
                        parts.downloader(),
                        queue,
                        store,
                        platform,
                        parts.reportOnly(),
                        settings.confirmTimeout(),
                        clock,
                        log));
  }

  public Result check() {
    return cycle(Intent.LOOK, false);
  }

  public Result apply(boolean ignoreWindow) {
    return cycle(ignoreWindow ? Intent.INSTALL_NOW : Intent.INSTALL_IN_WINDOW, false);
  }

  public Result cycle() {
    return cycle(settings.autoInstall() ? Intent.INSTALL_IN_WINDOW : Intent.DOWNLOAD_ONLY, true);
  }

  /**
   * A cycle holds the install lock to start (after finishing what a dead agent left) and to
   * install, never while it waits on the network: a slow server or mirror must not keep an
   * operator's apply or rollback out, nor freeze the daemon.
   */
  private Result cycle(Intent intent, boolean daemon) {
    return guarded(
        () -> {
          UpdateCycle cycle = new UpdateCycle(parts);
          try (InstallLock held = InstallLock.acquire(settings.stateDir())) {
            recover();
            cycle.begin();
          }
          return cycle.run(intent, daemon);
        });
  }

  public Result rollback(Optional<String> version) {
    return locked(
        () -> {
          // Asked for by name, a version that failed here is allowed: the operator may know why.
          String warning =
              version.filter(store.facts().failedVersions()::contains).isPresent()
                  ? " (warning: "
                      + version.get()
                      + " failed on this machine before; 'update-client rollback' without a"
                      + " version picks the newest version that passed its health check)"
                  : "";
          Installer.Outcome outcome;
          try {
            outcome = installer.rollBackTo(version);
          } catch (IOException e) {
            return new Result(
                Outcome.FAILED, version.orElse(""), "rollback refused: " + e.getMessage(), null);
          }
          boolean rolledBack = outcome.state() == AgentState.ROLLED_BACK;
          if (isNewer(outcome.fromVersion(), outcome.toVersion())) {
            // Otherwise the daemon would install the version the operator just left.
            store.skip(
                outcome.fromVersion(),
                "rolled back by hand to " + outcome.toVersion() + " at " + clock.instant());
          }
          // The switch happened either way: the operator left fromVersion, which the server counts
          // the rollback against; a failed health check of the target is in the errors.
          reporter.rolledBack(
              outcome.toVersion(),
              outcome.fromVersion(),
              RollbackReason.MANUAL,
              null,
              null,
              installer.migrationTime(),
              outcome.problems());
          return rolledBack
              ? new Result(
                  Outcome.ROLLED_BACK,
                  outcome.toVersion(),
                  "rolled back from "
                      + outcome.fromVersion()
                      + " to "
                      + outcome.toVersion()
                      + warning,
                  null)
              : new Result(
                  Outcome.FAILED,
                  outcome.toVersion(),
                  String.join("; ", outcome.problems()) + warning,
                  null);
        });
  }

  public Result unskip(String version) {
    return locked(
        () -> {
          Optional<String> why = store.unskip(version);
          if (why.isPresent()) {
            return new Result(
                Outcome.UNSKIPPED,
                version,
                version
                    + " is no longer skipped (was: "
                    + why.get()
                    + "); it may be installed again",
                null);
          }
          Set<String> skipped = store.facts().skippedVersions().keySet();
          return new Result(
              Outcome.FAILED,
              version,
              version
                  + " is not skipped; skipped versions: "
                  + (skipped.isEmpty() ? "none" : String.join(", ", skipped)),
              null);
        });
  }

  /**
   * Skips the waiting {@code version} until a newer release is offered; refused for a mandatory
   * release past its deadline.
   */
  public Result dismiss(String version) {
    return locked(
        () -> {
          Optional<Notice> waiting = waiting(version);
          if (waiting.isEmpty()) {
            return notWaiting(version);
          }
          Notice notice = waiting.get();
          if (notice.overdue(clock.instant())) {
            return new Result(
                Outcome.REFUSED,
                version,
                "dismiss refused: "
                    + version
                    + " is mandatory and its install deadline "
                    + notice.installDeadline()
                    + " has passed; the agent installs it at its next cycle",
                null);
          }
          store.dismiss(version);
          notices.clear();
          return new Result(
              Outcome.DISMISSED,
              version,
              "dismissed "
                  + version
                  + ": not installed until a newer release is offered or 'update-client unskip "
                  + version
                  + "'"
                  + (!notice.mandatory() || notice.installDeadline() == null
                      ? ""
                      : "; it is mandatory, so it is installed all the same once its deadline "
                          + notice.installDeadline()
                          + " has passed"),
              null);
        });
  }

  /** Installs the waiting {@code version} at {@code at}, inside the window or not, once. */
  public Result schedule(String version, Instant at) {
    return locked(
        () -> {
          Optional<Notice> waiting = waiting(version);
          if (waiting.isEmpty()) {
            return notWaiting(version);
          }
          if (parts.reportOnly()) {
            return new Result(
                Outcome.FAILED,
                version,
                "cannot schedule " + version + ": this agent is report-only and installs nothing",
                null);
          }
          Instant now = clock.instant();
          if (!at.isAfter(now)) {
            return new Result(
                Outcome.FAILED,
                version,
                "cannot schedule "
                    + version
                    + " at "
                    + at
                    + ": that is not after now ("
                    + now
                    + ")",
                null);
          }
          store.schedule(version, at);
          notices.scheduled(waiting.get(), at);
          return new Result(
              Outcome.SCHEDULED,
              version,
              version
                  + " will be installed at "
                  + at
                  + " by the running agent ('update-client run'), inside the maintenance window"
                  + " or not, once",
              null);
        });
  }

  private Optional<Notice> waiting(String version) {
    return notices.current().filter(n -> n.version().equals(version));
  }

  private Result notWaiting(String version) {
    return new Result(
        Outcome.FAILED,
        version,
        version
            + " is not the update waiting here ("
            + notices
                .current()
                .map(n -> n.version() + " waits")
                .orElse("none waits; 'update-client check' asks the server")
            + ")",
        null);
  }

  /**
   * The daemon: a cycle, then a wait (see {@link Pacing}), cut short when the maintenance window
   * opens earlier. Returns when a newer agent is staged, for the launcher to start it.
   */
  public void loop() throws InterruptedException {
    Pacing pacing =
        new Pacing(
            settings.checkInterval(),
            settings.checkJitter(),
            ThreadLocalRandom.current()::nextDouble);
    while (!Thread.currentThread().isInterrupted()) {
      // First, so that a new agent confirms itself at once.
      if (stagedNewAgent()) {
        return;
      }
      Result result = cycle();
      log.accept(
          result.outcome()
              + (result.version().isEmpty() ? "" : " " + result.version())
              + ": "
              + result.message());
      Duration wait = pacing.after(result);
      if (result.outcome() == Outcome.OUTSIDE_WINDOW) {
        Duration untilOpen =
            Duration.between(clock.instant(), parts.window().nextOpening(clock.instant()));
        wait = untilOpen.compareTo(wait) < 0 ? untilOpen.plusSeconds(1) : wait;
      }
      String backingOff =
          switch (result.outcome()) {
            case MISCONFIGURED, UNREACHABLE -> result.outcome().name().toLowerCase(Locale.ROOT);
            default -> null;
          };
      store.nextCheck(new NextCheck(clock.instant().plus(wait), backingOff));
      log.accept(
          "next check in "
              + wait.toSeconds()
              + " s"
              + (backingOff == null ? "" : " (backing off: " + backingOff + ")"));
      nap(Math.max(1000, wait.toMillis()));
    }
  }

  /**
   * Sleeps {@code millis}, in short naps, so that an install scheduled meanwhile by {@code
   * update-client schedule} (another process) starts on time.
   */
  private void nap(long millis) throws InterruptedException {
    Instant start = clock.instant();
    for (long left = millis; left > 0; left -= NAP_MILLIS) {
      Thread.sleep(Math.min(left, NAP_MILLIS));
      Optional<Instant> due = store.scheduled().map(s -> s.at());
      if (due.isPresent() && due.get().isAfter(start) && !clock.instant().isBefore(due.get())) {
        return;
      }
    }
  }

  /**
   * A self-update pass; true when a newer agent is staged. It takes the install lock itself, only
   * for the moments it writes and to switch, never while it waits on the network.
   */
  boolean stagedNewAgent() {
    return selfUpdate.isPresent()
        && guarded(
                    () ->
                        new Result(
                            selfUpdate.get().cycle() ? Outcome.INSTALLED : Outcome.UP_TO_DATE,
                            "",
                            "",
                            null))
                .outcome()
            == Outcome.INSTALLED;
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
        store.facts().failedVersions(),
        store.facts().skippedVersions(),
        store.scheduled().map(s -> s.version() + " at " + s.at()).orElse(""),
        store.facts().sequences(),
        store.highestSeen().map(Version::toString).orElse(""),
        reporter.pending(),
        store.facts().clientId(),
        parts.platform(),
        parts.reportOnly(),
        trust.describe(),
        freshness(),
        store.nextCheck().map(this::describe).orElse(""));
  }

  private String describe(NextCheck next) {
    return next.at()
        + (next.backingOff() == null ? "" : " (backing off: " + next.backingOff() + ")")
        + (next.at().isBefore(clock.instant()) ? ", overdue: is the daemon running?" : "");
  }

  /** What the last timestamp verified says, or why there is none to believe. */
  private String freshness() {
    if (trust.root().isEmpty()) {
      return "not checked (trust pins fingerprints; a trust root names the timestamp key)";
    }
    Optional<org.openupdate.manifest.trust.Timestamp> last = freshness.last();
    if (last.isEmpty()) {
      return "no timestamp verified yet";
    }
    var t = last.get();
    String head =
        "channel '"
            + t.channel()
            + "' at sequence "
            + t.sequence()
            + (t.version() == null ? "" : " (" + t.version() + ")")
            + ", signed "
            + t.issued();
    return t.expires().isAfter(clock.instant())
        ? head + ", fresh until " + t.expires()
        : "freeze suspected: " + head + ", expired at " + t.expires();
  }

  private static boolean isNewer(String version, String than) {
    return Version.isValid(version)
        && Version.isValid(than)
        && Version.parse(version).isNewerThan(Version.parse(than));
  }

  private interface Step {
    Result run() throws IOException;
  }

  private Result locked(Step step) {
    return guarded(
        () -> {
          try (InstallLock held = InstallLock.acquire(settings.stateDir())) {
            recover();
            return step.run();
          }
        });
  }

  /**
   * Runs {@code step}, turning what breaks into a result, then sends queued reports: after the lock
   * is released, since sending waits on the network.
   */
  private Result guarded(Step step) {
    Result result;
    try {
      result = step.run();
    } catch (Busy e) {
      return new Result(Outcome.BUSY, "", e.getMessage(), null);
    } catch (IOException | UncheckedIOException e) {
      failTransaction(e.getMessage());
      result = new Result(Outcome.FAILED, "", e.getMessage(), null);
    } catch (RuntimeException e) {
      // One broken cycle must not end the daemon; the message says what broke.
      String message = "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage();
      failTransaction(message);
      return new Result(Outcome.FAILED, "", message, null);
    }
    reporter.flush();
    return result;
  }

  /** Finishes what a dead agent left; the caller holds the install lock. */
  private void recover() throws IOException {
    installer.adoptKeptVersions();
    Transaction tx = store.transaction();
    if (tx.state().inTransaction()) {
      Optional<Installer.Outcome> outcome = installer.recover();
      if (outcome.isPresent()) {
        Installer.Outcome done = outcome.get();
        log.accept(
            "recovered an interrupted install of "
                + done.toVersion()
                + ": rolled back to "
                + (done.fromVersion().isEmpty() ? "nothing installed" : done.fromVersion()));
        Reporter.Update reports = reporter.about(done.fromVersion(), done.toVersion());
        reports.migrationTime(installer.migrationTime());
        reports.rolledBack(done.rollbackReason(), null, null, done.problems());
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

  private void failTransaction(String why) {
    try {
      InstallLock.briefly(
          settings.stateDir(),
          () -> {
            Transaction tx = store.transaction();
            if (!tx.state().inTransaction() && tx.state().canMoveTo(AgentState.FAILED)) {
              store.save(tx.moveTo(AgentState.FAILED, clock.instant(), why));
            }
          });
    } catch (IOException | RuntimeException e) {
      log.accept("cannot record failure: " + e.getMessage());
    }
  }
}
