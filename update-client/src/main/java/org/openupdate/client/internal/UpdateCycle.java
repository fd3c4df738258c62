package org.openupdate.client.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.openupdate.client.UpdateClient.Outcome;
import org.openupdate.client.UpdateClient.Result;
import org.openupdate.client.internal.check.UpdateChecker;
import org.openupdate.client.internal.check.UpdateChecker.Answer;
import org.openupdate.client.internal.config.Settings;
import org.openupdate.client.internal.download.ArtifactDownloader;
import org.openupdate.client.internal.download.DeltaDownloads;
import org.openupdate.client.internal.download.DownloadException;
import org.openupdate.client.internal.install.InstallLock;
import org.openupdate.client.internal.install.Installer;
import org.openupdate.client.internal.net.Http;
import org.openupdate.client.internal.notice.Notices;
import org.openupdate.client.internal.report.Reporter;
import org.openupdate.client.internal.state.AgentState;
import org.openupdate.client.internal.state.Facts.Schedule;
import org.openupdate.client.internal.state.StateStore;
import org.openupdate.client.internal.state.Transaction;
import org.openupdate.client.internal.trust.Freshness;
import org.openupdate.client.internal.trust.Trust;
import org.openupdate.client.internal.verify.ManifestPolicy;
import org.openupdate.client.internal.verify.ManifestVerifier;
import org.openupdate.client.internal.verify.RefusedException;
import org.openupdate.client.internal.window.MaintenanceWindow;
import org.openupdate.manifest.CheckResponse;
import org.openupdate.manifest.Component;
import org.openupdate.manifest.RefusalReason;
import org.openupdate.manifest.ReleaseManifest;
import org.openupdate.manifest.UpdatePhase;
import org.openupdate.manifest.Version;
import org.openupdate.manifest.trust.TrustRoot;

/**
 * One pass of DESIGN.md flow 3: check -> verify -> download -> window -> install -> report. Every
 * step is persisted before it starts. Only {@link #begin()} (the caller holds the install lock) and
 * the install hold the lock; state is written under it for a moment, so waiting on a slow server
 * never keeps another agent out.
 */
final class UpdateCycle {
  /** The collaborators a cycle uses; built once by {@link Agent}. */
  record Parts(
      Settings settings,
      Clock clock,
      Consumer<String> log,
      boolean progressBar,
      StateStore store,
      UpdateChecker checker,
      ManifestVerifier verifier,
      Trust trust,
      Freshness freshness,
      Http http,
      ManifestPolicy policy,
      ArtifactDownloader downloader,
      DeltaDownloads deltas,
      Installer installer,
      Reporter reporter,
      MaintenanceWindow window,
      String platform,
      boolean reportOnly,
      Notices notices) {}

  private final Parts parts;
  private final StateStore store;
  private final Notices notices;
  private final Clock clock;
  private final Path stateDir;
  private Transaction tx;
  private String installed;
  private boolean wasWaiting;
  private CheckResponse offer;
  private long bytesDownloaded;

  UpdateCycle(Parts parts) {
    this.parts = parts;
    this.store = parts.store();
    this.notices = parts.notices();
    this.clock = parts.clock();
    this.stateDir = parts.settings().stateDir();
  }

  /** Starts the cycle; the caller holds the install lock. */
  void begin() {
    installed = installedVersion();
    tx = store.transaction();
    wasWaiting = tx.state() == AgentState.WAITING_FOR_WINDOW;
    tx =
        wasWaiting
            ? tx.moveTo(AgentState.CHECKING, clock.instant(), null)
            : tx.start(AgentState.CHECKING, installed, null, clock.instant());
    store.save(tx);
  }

  /** The rest of the cycle, after {@link #begin()}, without the install lock until it installs. */
  Result run(Intent intent, boolean daemon) throws IOException {
    Trust.Followed followed = parts.trust().follow(parts.http());
    if (!followed.accepted().isEmpty()) {
      parts.log().accept("trust root: followed to version " + followed.accepted());
    }
    followed
        .problem()
        .ifPresent(
            why ->
                parts
                    .log()
                    .accept(
                        "trust root: kept version "
                            + parts.trust().root().map(r -> r.version()).orElse(0)
                            + ": "
                            + why));
    Answer answer =
        parts.checker().check(installed, store.facts().clientId(), parts.platform(), choices());
    if (answer instanceof Answer.RetryLater later) {
      move(AgentState.IDLE, later.why());
      return new Result(Outcome.UNREACHABLE, "", later.why(), later.after());
    }
    if (answer instanceof Answer.Refused refused) {
      // No version was offered, so there is nothing to report as refused.
      move(AgentState.IDLE, refused.why());
      return new Result(Outcome.REFUSED, "", refused.why(), null);
    }
    if (answer instanceof Answer.Misconfigured misconfigured) {
      move(AgentState.MISCONFIGURED, misconfigured.why());
      return new Result(Outcome.MISCONFIGURED, "", misconfigured.why(), null);
    }
    Optional<Result> frozen =
        freezeSuspected(answer instanceof Answer.Offer o ? o.response().version() : null);
    if (frozen.isPresent()) {
      return frozen.get();
    }
    if (answer instanceof Answer.UpToDate) {
      move(AgentState.IDLE, null);
      notices.clear();
      if (store.scheduled().filter(s -> !isNewer(s.version(), installed)).isPresent()) {
        InstallLock.briefly(stateDir, store::dropSchedule);
      }
      return new Result(
          Outcome.UP_TO_DATE, installed, "no newer release is offered for " + installed, null);
    }
    offer = ((Answer.Offer) answer).response();
    Accepted accepted;
    try {
      ManifestVerifier.Verified verified;
      try {
        verified = parts.verifier().fetch(offer);
      } catch (UncheckedIOException e) {
        // Like a check that got no answer: try again later.
        move(AgentState.IDLE, e.getMessage());
        return new Result(Outcome.UNREACHABLE, offer.version(), e.getMessage(), null);
      }
      ManifestPolicy.Known known =
          new ManifestPolicy.Known(
              Version.parse(installed), store.highestSeen(), store.facts().sequences());
      accepted =
          new Accepted(verified, parts.policy().check(verified.manifest(), known, clock.instant()));
    } catch (RefusedException e) {
      // Refused is not failed: nothing was attempted, the agent stays as it was.
      move(AgentState.IDLE, e.getMessage());
      notices.clear();
      if (Version.isValid(offer.version())) {
        parts.reporter().about(installed, offer.version()).refused(e.reason(), e.getMessage());
      } else {
        // A report naming a non-version would be refused by the server; the log keeps it.
        parts.log().accept("not reported: " + e.getMessage());
      }
      return new Result(Outcome.REFUSED, offer.version(), e.getMessage(), null);
    }
    ReleaseManifest manifest = accepted.manifest();
    String version = manifest.version();
    InstallLock.briefly(
        stateDir,
        () -> {
          store.sawVersion(manifest.parsedVersion());
          store.liftSkipsBelow(manifest.parsedVersion());
          if (store.scheduled().filter(s -> !s.version().equals(version)).isPresent()) {
            store.dropSchedule();
          }
        });
    String skipped = store.facts().skippedVersions().get(version);
    if (skipped != null && StateStore.isDismissal(skipped) && overdue(manifest)) {
      // A dismissal holds a mandatory release only until its deadline.
      parts.log().accept(version + " was dismissed, but it is mandatory and past its deadline");
      InstallLock.briefly(stateDir, () -> store.unskip(version));
      skipped = null;
    }
    if (skipped != null) {
      move(AgentState.IDLE, null);
      notices.clear();
      return new Result(
          Outcome.SKIPPED,
          version,
          version
              + " is offered but skipped on this machine ("
              + skipped
              + ") until a newer release is offered; 'update-client unskip "
              + version
              + "' allows it again",
          null);
    }
    if (intent == Intent.LOOK) {
      move(AgentState.IDLE, null);
      notice(manifest, waitingFor(manifest));
      return new Result(Outcome.AVAILABLE, version, describe(manifest), null);
    }
    if (parts.reportOnly()) {
      // The check told the server what runs here; the files are someone else's to replace.
      move(AgentState.IDLE, null);
      notice(manifest, "report-only");
      return new Result(
          Outcome.AVAILABLE,
          version,
          "report-only on this "
              + parts.platform()
              + " machine: "
              + version
              + " is offered, "
              + installed
              + " runs; nothing is downloaded or installed (configuration field 'reportOnly')",
          null);
    }
    if (daemon && store.facts().failedVersions().contains(version)) {
      move(AgentState.IDLE, null);
      return new Result(
          Outcome.FAILED,
          version,
          version
              + " was rolled back before; not retried automatically (run 'update-client apply')",
          null);
    }
    boolean scheduledNow =
        store
            .scheduled()
            .filter(s -> s.version().equals(version) && !clock.instant().isBefore(s.at()))
            .isPresent();
    Intent effective =
        scheduledNow
            ? Intent.INSTALL_NOW
            : daemon && manifest.mandatory() ? Intent.INSTALL_IN_WINDOW : intent;
    return downloadAndInstall(effective, accepted);
  }

  /**
   * With a trust root, every answer must come with a fresh timestamp of the channel; without one
   * the answer may be an old view someone keeps serving: nothing offered is acted on, and the
   * server hears of it.
   */
  private Optional<Result> freezeSuspected(String offered) throws IOException {
    Optional<TrustRoot> root = parts.trust().root();
    if (root.isEmpty()) {
      return Optional.empty();
    }
    if (!(parts.freshness().check(root.get(), parts.http())
        instanceof Freshness.Verdict.FreezeSuspected suspected)) {
      return Optional.empty();
    }
    move(AgentState.IDLE, suspected.why());
    String version = offered != null && Version.isValid(offered) ? offered : installed;
    parts
        .reporter()
        .about(installed, version)
        .refused(RefusalReason.FREEZE_SUSPECTED, suspected.why());
    return Optional.of(
        new Result(
            Outcome.FREEZE_SUSPECTED, offered == null ? "" : offered, suspected.why(), null));
  }

  /** A verified manifest the policy accepted, and how. */
  private record Accepted(ManifestVerifier.Verified verified, ManifestPolicy.Verdict verdict) {
    ReleaseManifest manifest() {
      return verified.manifest();
    }
  }

  private Result downloadAndInstall(Intent intent, Accepted accepted) throws IOException {
    ReleaseManifest manifest = accepted.manifest();
    String version = manifest.version();
    Reporter.Update reports = parts.reporter().about(installed, version);
    tx =
        new Transaction(
            tx.state(), installed, version, null, tx.startedAt(), clock.instant(), null);
    move(AgentState.DOWNLOADING, null);
    reports.phase(UpdatePhase.DOWNLOADING, null, null);
    long downloadStart = System.nanoTime();
    Map<String, Installer.Artifact> artifacts = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    Path installedDir = parts.installer().layout().versionDir(installed);
    Optional<DeltaDownloads.Plan> deltas =
        parts.settings().deltas() && Files.isDirectory(installedDir)
            ? parts.deltas().plan(offer, manifest, installed, installedDir)
            : Optional.empty();
    bytesDownloaded = 0;
    long bytesFull = manifest.components().values().stream().mapToLong(Component::size).sum();
    try {
      for (var entry : manifest.components().entrySet()) {
        try {
          artifacts.put(entry.getKey(), download(entry.getKey(), entry.getValue(), deltas));
        } catch (IOException e) {
          if (entry.getValue().required()) {
            throw e;
          }
          // The release is complete without it: install the rest and say what is missing.
          skipped.add("optional component '" + entry.getKey() + "' skipped: " + e.getMessage());
          parts.log().accept(skipped.get(skipped.size() - 1));
        }
      }
    } catch (DownloadException e) {
      reports.bytes(bytesWith(deltas), bytesFull);
      if (e.refusal().isPresent()) {
        move(AgentState.IDLE, e.getMessage());
        reports.refused(e.refusal().get(), e.getMessage());
        return new Result(Outcome.REFUSED, version, e.getMessage(), null);
      }
      move(AgentState.FAILED, e.getMessage());
      reports.failed(seconds(downloadStart), null, List.of(e.getMessage()));
      return new Result(Outcome.FAILED, version, e.getMessage(), null);
    }
    double downloadTime = seconds(downloadStart);
    reports.bytes(bytesWith(deltas), bytesFull);
    move(AgentState.VERIFYING, null);
    reports.phase(UpdatePhase.VERIFYING, downloadTime, null);
    if (intent == Intent.DOWNLOAD_ONLY) {
      move(AgentState.IDLE, null);
      notice(manifest, "install-command");
      return new Result(
          Outcome.AVAILABLE,
          version,
          version + " is downloaded and verified; run 'update-client apply' to install it",
          null);
    }
    Instant now = clock.instant();
    boolean deadlinePassed =
        manifest.installDeadline() != null && !now.isBefore(manifest.installDeadline());
    MaintenanceWindow window = parts.window();
    if (intent != Intent.INSTALL_NOW && !deadlinePassed && !window.isOpen(now)) {
      Instant opens = window.nextOpening(now);
      move(AgentState.WAITING_FOR_WINDOW, "window opens " + opens);
      notice(manifest, "maintenance-window");
      if (!wasWaiting) {
        reports.phase(UpdatePhase.WAITING_FOR_WINDOW, downloadTime, null);
      }
      return new Result(
          Outcome.OUTSIDE_WINDOW,
          version,
          version + " waits for the maintenance window (" + window + "), next opening " + opens,
          null);
    }
    try (InstallLock held = InstallLock.acquire(stateDir)) {
      boolean unfinished = store.transaction().state().inTransaction();
      if (unfinished || !installedVersion().equals(installed)) {
        // Decided against what ran before: another agent switched (or died switching) meanwhile.
        String why =
            "another agent installed a version while "
                + version
                + " was downloaded for "
                + installed
                + "; run again";
        if (!unfinished) {
          store.save(tx = tx.moveTo(AgentState.IDLE, clock.instant(), why));
        }
        return new Result(Outcome.BUSY, version, why, null);
      }
      store.save(tx);
      // Whatever comes of it, a schedule is used once; and nothing waits any more.
      if (store.scheduled().filter(s -> s.version().equals(version)).isPresent()) {
        store.dropSchedule();
      }
      notices.clear();
      reports.phase(UpdatePhase.INSTALLING, downloadTime, null);
      long installStart = System.nanoTime();
      Installer.Outcome outcome =
          parts
              .installer()
              .install(
                  new Installer.Staged(version, accepted.verified().bytes(), artifacts),
                  () ->
                      reports.phase(
                          UpdatePhase.HEALTH_CHECKING, downloadTime, seconds(installStart)));
      double installTime = seconds(installStart);
      return finish(outcome, accepted, reports, downloadTime, installTime, artifacts, skipped);
    }
  }

  private Result finish(
      Installer.Outcome outcome,
      Accepted accepted,
      Reporter.Update reports,
      double downloadTime,
      double installTime,
      Map<String, Installer.Artifact> artifacts,
      List<String> skipped)
      throws IOException {
    List<String> errors = new ArrayList<>(outcome.problems());
    errors.addAll(skipped);
    String problems = String.join("; ", errors);
    reports.migrationTime(parts.installer().migrationTime());
    String from = outcome.fromVersion().isEmpty() ? "nothing installed" : outcome.fromVersion();
    String to = outcome.toVersion();
    switch (outcome.state()) {
      case SUCCESS -> {
        ReleaseManifest manifest = accepted.manifest();
        if (manifest.sequence() != null) {
          store.keepSequence(manifest.channel(), manifest.sequence());
        }
        for (Installer.Artifact artifact : artifacts.values()) {
          if (!artifact.unpacked()) {
            Files.deleteIfExists(artifact.file());
          }
        }
        if (accepted.verdict() == ManifestPolicy.Verdict.RECALL) {
          reports.recalled(downloadTime, installTime, errors);
          if (!outcome.fromVersion().isEmpty()) {
            // Like a manual rollback: the pulled version must not come back by itself.
            store.skip(outcome.fromVersion(), "recalled to " + to + " at " + clock.instant());
          }
          return new Result(
              Outcome.INSTALLED,
              to,
              "recalled from "
                  + from
                  + " (pulled) to "
                  + to
                  + (problems.isEmpty() ? "" : "; " + problems),
              null);
        }
        reports.completed(downloadTime, installTime, errors);
        return new Result(
            Outcome.INSTALLED,
            to,
            "installed " + to + " (was " + from + ")" + (problems.isEmpty() ? "" : "; " + problems),
            null);
      }
      case ROLLED_BACK -> {
        reports.rolledBack(outcome.rollbackReason(), downloadTime, installTime, errors);
        return new Result(
            Outcome.ROLLED_BACK,
            to,
            "installing " + to + " failed and was rolled back to " + from + ": " + problems,
            null);
      }
      default -> {
        reports.failed(downloadTime, installTime, errors);
        return new Result(Outcome.FAILED, to, problems, null);
      }
    }
  }

  private Installer.Artifact download(
      String name, Component component, Optional<DeltaDownloads.Plan> deltas) throws IOException {
    URI uri =
        parts
            .settings()
            .resolve(
                component.url() != null
                    ? component.url()
                    : "api/v1/artifacts/" + component.sha256());
    String path = uri.getPath();
    String fileName =
        component.url() != null && path != null && !path.endsWith("/")
            ? path.substring(path.lastIndexOf('/') + 1)
            : name;
    if (deltas.isPresent()) {
      Optional<Installer.Artifact> rebuilt = deltas.get().rebuild(name, component, fileName);
      if (rebuilt.isPresent()) {
        return rebuilt.get();
      }
    }
    parts.log().accept("downloading " + name + " (" + component.size() + " bytes) from " + uri);
    ArtifactDownloader.Progress progress =
        parts.progressBar() ? new ProgressBar(name) : ArtifactDownloader.Progress.NONE;
    Path file = parts.downloader().fetch(uri, component.sha256(), component.size(), progress);
    bytesDownloaded += component.size();
    return new Installer.Artifact(file, fileName);
  }

  private long bytesWith(Optional<DeltaDownloads.Plan> deltas) {
    return bytesDownloaded + deltas.map(DeltaDownloads.Plan::bytesDownloaded).orElse(0L);
  }

  private String installedVersion() {
    return parts
        .installer()
        .layout()
        .currentVersion()
        .orElse(parts.settings().initialVersion().toString());
  }

  /** What a person decided about offers here, told to the server with the check. */
  private Map<String, String> choices() {
    Map<String, String> headers = new LinkedHashMap<>();
    List<String> dismissed = store.dismissedVersions();
    if (!dismissed.isEmpty()) {
      headers.put("X-Dismissed-Versions", String.join(",", dismissed));
    }
    store
        .scheduled()
        .ifPresent(s -> headers.put("X-Scheduled-Install", s.version() + " " + s.at()));
    return headers;
  }

  /** Writes the notice that {@code manifest} waits for {@code waitingFor}. */
  private void notice(ReleaseManifest manifest, String waitingFor) {
    Instant now = clock.instant();
    parts
        .notices()
        .waiting(
            manifest,
            installed,
            waitingFor,
            parts.settings().raw().maintenanceWindow().enabled()
                ? parts.window().nextOpening(now)
                : null,
            store
                .scheduled()
                .filter(s -> s.version().equals(manifest.version()))
                .map(Schedule::at)
                .orElse(null),
            now);
  }

  /** Why an offer that was only looked at waits: what the daemon will do with it. */
  private String waitingFor(ReleaseManifest manifest) {
    if (parts.reportOnly()) {
      return "report-only";
    }
    if (!parts.settings().autoInstall() && !manifest.mandatory()) {
      return "install-command";
    }
    return overdue(manifest) || parts.window().isOpen(clock.instant())
        ? "next-cycle"
        : "maintenance-window";
  }

  private boolean overdue(ReleaseManifest manifest) {
    return manifest.mandatory()
        && manifest.installDeadline() != null
        && !clock.instant().isBefore(manifest.installDeadline());
  }

  private static boolean isNewer(String version, String than) {
    return Version.isValid(version)
        && Version.isValid(than)
        && Version.parse(version).isNewerThan(Version.parse(than));
  }

  /** Records the next step; never over an install another agent left unfinished. */
  private void move(AgentState next, String why) throws IOException {
    Transaction moved = tx.moveTo(next, clock.instant(), why);
    tx = moved;
    InstallLock.briefly(
        stateDir,
        () -> {
          if (!store.transaction().state().inTransaction()) {
            store.save(moved);
          }
        });
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static String describe(ReleaseManifest manifest) {
    StringBuilder text =
        new StringBuilder()
            .append(manifest.product())
            .append(' ')
            .append(manifest.version())
            .append(" (")
            .append(manifest.channel())
            .append(manifest.mandatory() ? ", mandatory" : "")
            .append(manifest.recallOf() == null ? "" : ", recalls " + manifest.recallOf())
            .append("), expires ")
            .append(manifest.expires());
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
