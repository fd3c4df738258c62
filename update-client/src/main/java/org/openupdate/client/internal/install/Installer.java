package org.openupdate.client.internal.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openupdate.client.internal.config.Settings;
import org.openupdate.client.internal.database.Migrator;
import org.openupdate.client.internal.state.AgentState;
import org.openupdate.client.internal.state.StateStore;
import org.openupdate.client.internal.state.Transaction;
import org.openupdate.manifest.RollbackReason;

/**
 * The install transaction: back up -> stage beside the running version -> pre-install hook ->
 * atomic switch -> post-install hook -> health check -> keep, or roll back. Every step is persisted
 * first, so {@link #recover()} can finish an interrupted transaction by rolling it back.
 */
public final class Installer {
  /** A release ready to install: its manifest bytes and each component's verified artifact. */
  public record Staged(String version, byte[] manifestBytes, Map<String, Artifact> components) {}

  /**
   * A verified artifact file and the file name used when it is not a zip; or, when {@code
   * unpacked}, the component folder a delta rebuilt and checked file for file.
   */
  public record Artifact(Path file, String fileName, boolean unpacked) {
    public Artifact(Path file, String fileName) {
      this(file, fileName, false);
    }
  }

  /**
   * How a transaction ended.
   *
   * @param rollbackReason why the machine went back to an earlier version; null when it did not
   */
  public record Outcome(
      AgentState state,
      String fromVersion,
      String toVersion,
      List<String> problems,
      RollbackReason rollbackReason) {}

  private static final String MANIFEST_FILE = "release-manifest.json";
  private final Settings settings;
  private final Layout layout;
  private final Backups backups;
  private final Hooks hooks;
  private final HealthCheck healthCheck;
  private final MaintenanceMode maintenance;
  private final Optional<Migrator> database;
  private final StateStore store;
  private final Clock clock;
  private long migrationNanos;

  public Installer(Settings settings, StateStore store, Clock clock) {
    this.settings = settings;
    this.layout = new Layout(settings.installDir());
    this.backups = new Backups(settings.stateDir(), settings.backupPaths(), clock);
    this.hooks = new Hooks(settings.stateDir(), settings.installDir(), settings.hookTimeout());
    this.healthCheck =
        new HealthCheck(settings.healthCheck(), hooks, settings.healthCheckTimeout());
    this.maintenance =
        new MaintenanceMode(settings.maintenanceFile(), settings.raw().maintenance(), clock);
    this.database = Migrator.of(settings, clock);
    this.store = store;
    this.clock = clock;
  }

  public Layout layout() {
    return layout;
  }

  /**
   * Seconds the last install, recovery or rollback spent on migrations and rollback scripts; null
   * without a configured database.
   */
  public Double migrationTime() {
    return database.isPresent() ? migrationNanos / 1e9 : null;
  }

  /**
   * Installs {@code staged}; the caller holds the install lock. {@code beforeHealthCheck} runs once
   * the new version is switched in (the agent reports the phase).
   */
  public Outcome install(Staged staged, Runnable beforeHealthCheck) throws IOException {
    migrationNanos = 0;
    String from = layout.currentVersion().orElse("");
    String to = staged.version();
    Transaction tx = store.transaction().start(AgentState.BACKING_UP, from, to, clock.instant());
    store.save(tx);
    Path backup = backups.create(from);
    tx = tx.withBackup(backup.toString()).moveTo(AgentState.APPLYING, clock.instant(), null);
    store.save(tx);

    Outcome outcome;
    try {
      outcome = applyAndCheck(staged, from, to, backup, beforeHealthCheck);
    } catch (IOException | RuntimeException e) {
      // Whatever broke after the backup, the way out is the same: back to where we were.
      return rollBack(
          store.transaction(),
          "install of " + to + " failed: " + e.getMessage(),
          RollbackReason.INSTALL_ERROR);
    }
    if (outcome.state() != AgentState.SUCCESS) {
      return outcome;
    }
    try {
      tidy();
      return outcome;
    } catch (IOException e) {
      return new Outcome(
          AgentState.SUCCESS,
          from,
          to,
          List.of("installed, but pruning old versions failed: " + e.getMessage()),
          null);
    }
  }

  private Outcome applyAndCheck(
      Staged staged, String from, String to, Path backup, Runnable beforeHealthCheck)
      throws IOException {
    Path staging = layout.newStagingDir(to);
    for (var component : staged.components().entrySet()) {
      Artifact artifact = component.getValue();
      if (artifact.unpacked()) {
        Tree.moveOrCopy(artifact.file(), staging.resolve(component.getKey()));
      } else {
        Unpacker.place(artifact.file(), staging.resolve(component.getKey()), artifact.fileName());
      }
    }
    Files.write(staging.resolve(MANIFEST_FILE), staged.manifestBytes());
    layout.publish(staging, to);
    try {
      if (database.isPresent()) {
        database.get().plan(to, layout.versionDir(to));
      }
    } catch (IOException e) {
      // Checked before the application is touched: nothing ran, nothing to roll back.
      String why = "database check before installing " + to + ": " + e.getMessage();
      store.save(store.transaction().moveTo(AgentState.FAILED, clock.instant(), why));
      store.markFailed(to);
      return new Outcome(AgentState.FAILED, from, to, List.of(why), null);
    }

    // Up before the pre-install hook, which may stop the application; down once it is healthy.
    maintenance.begin(from, to);
    Map<String, String> env = environment("install", from, to, backup);
    Optional<String> problem = runHook("pre-install", settings.preInstallHook(), env);
    if (problem.isEmpty()) {
      if (database.isPresent()) {
        // A failure throws: the install is rolled back, migrations applied so far undone first.
        long start = System.nanoTime();
        try {
          database.get().apply();
        } finally {
          migrationNanos += System.nanoTime() - start;
        }
      }
      layout.switchTo(to);
      problem = runHook("post-install", settings.postInstallHook(), env);
    }
    if (problem.isPresent()) {
      return rollBack(store.transaction(), problem.get(), RollbackReason.HOOK);
    }
    store.save(store.transaction().moveTo(AgentState.HEALTH_CHECKING, clock.instant(), null));
    beforeHealthCheck.run();
    problem = healthCheck.check(env);
    if (problem.isPresent()) {
      if (settings.automaticRollback()) {
        return rollBack(store.transaction(), problem.get(), RollbackReason.HEALTH_CHECK);
      }
      store.save(store.transaction().moveTo(AgentState.FAILED, clock.instant(), problem.get()));
      store.markFailed(to);
      maintenance.end();
      return new Outcome(AgentState.FAILED, from, to, List.of(problem.get()), null);
    }
    maintenance.end();
    store.save(store.transaction().moveTo(AgentState.SUCCESS, clock.instant(), null));
    store.markGood(to);
    store.sawVersion(org.openupdate.manifest.Version.parse(to));
    return new Outcome(AgentState.SUCCESS, from, to, List.of(), null);
  }

  /**
   * Finishes a transaction a dead agent left behind by rolling it back. Empty when there was none.
   */
  public Optional<Outcome> recover() throws IOException {
    Transaction tx = store.transaction();
    if (!tx.state().inTransaction()) {
      // An agent killed between its verdict and taking the page down: nothing runs any more.
      maintenance.end();
      return Optional.empty();
    }
    migrationNanos = 0;
    return Optional.of(
        rollBack(
            tx,
            "agent stopped during " + tx.state().wireName() + "; rolled back on restart",
            RollbackReason.INSTALL_ERROR));
  }

  /**
   * Records the kept versions as good when this agent has no record of good versions yet (its facts
   * come from an older agent, or the state folder is new). The version of an interrupted or failed
   * transaction is not taken.
   */
  public void adoptKeptVersions() throws IOException {
    List<String> kept = new ArrayList<>(layout.installedVersions());
    Transaction tx = store.transaction();
    if (tx.state().inTransaction() || tx.state() == AgentState.FAILED) {
      kept.remove(tx.toVersion());
    }
    store.adoptGoodVersions(kept);
  }

  /**
   * Manual rollback to {@code target}, or to the newest kept version older than the running one
   * that passed its health check here. The data backup taken when leaving {@code target} is
   * restored when there is one.
   */
  public Outcome rollBackTo(Optional<String> target) throws IOException {
    String from =
        layout.currentVersion().orElseThrow(() -> new IOException("nothing is installed"));
    Optional<String> chosen = target.isPresent() ? target : lastKnownGood(from);
    if (chosen.isEmpty()) {
      throw new IOException(
          "no version older than "
              + from
              + " that passed its health check on this machine is kept (kept: "
              + describeKept()
              + "); nothing changed. Name one with 'update-client rollback VERSION'");
    }
    String to = chosen.get();
    if (!layout.installedVersions().contains(to)) {
      throw new IOException(
          "version " + to + " is not kept (kept: " + layout.installedVersions() + ")");
    }
    Transaction tx = store.transaction().start(AgentState.APPLYING, from, to, clock.instant());
    store.save(tx);
    maintenance.begin(from, to);
    Optional<Path> backup = backups.latestFrom(to);
    Map<String, String> env = environment("rollback", from, to, backup.orElse(null));
    List<String> problems = new ArrayList<>();
    runHook("pre-install", settings.preInstallHook(), env).ifPresent(problems::add);
    migrationNanos = 0;
    problems.addAll(undoMigrations(to));
    layout.switchTo(to);
    if (backup.isPresent()) {
      backups.restore(backup.get());
    }
    runHook("post-install", settings.postInstallHook(), env).ifPresent(problems::add);
    store.save(store.transaction().moveTo(AgentState.HEALTH_CHECKING, clock.instant(), null));
    healthCheck.check(env).ifPresent(problems::add);
    AgentState end = problems.isEmpty() ? AgentState.ROLLED_BACK : AgentState.FAILED;
    if (problems.isEmpty()) {
      store.markGood(to);
    } else {
      store.markFailed(to);
    }
    maintenance.end();
    store.save(
        store
            .transaction()
            .moveTo(end, clock.instant(), problems.isEmpty() ? null : problems.get(0)));
    return new Outcome(end, from, to, problems, RollbackReason.MANUAL);
  }

  private Outcome rollBack(Transaction tx, String reason, RollbackReason why) throws IOException {
    List<String> problems = new ArrayList<>();
    problems.add(reason);
    String from = tx.fromVersion() == null ? "" : tx.fromVersion();
    // The database goes back first: the old files expect the old schema.
    problems.addAll(undoMigrations(from.isEmpty() ? settings.initialVersion().toString() : from));
    if (from.isEmpty()) {
      layout.clearCurrent();
    } else {
      layout.switchTo(from);
    }
    boolean hooksRan = tx.state() != AgentState.BACKING_UP;
    if (tx.backupDir() != null) {
      try {
        backups.restore(Path.of(tx.backupDir()));
      } catch (IOException e) {
        problems.add("backup not restored: " + e.getMessage());
      }
    }
    if (hooksRan) {
      Map<String, String> env =
          environment(
              "rollback",
              tx.toVersion(),
              from,
              tx.backupDir() == null ? null : Path.of(tx.backupDir()));
      runHook("pre-install", settings.preInstallHook(), env).ifPresent(problems::add);
      runHook("post-install", settings.postInstallHook(), env).ifPresent(problems::add);
    }
    maintenance.end();
    store.markFailed(tx.toVersion());
    store.save(tx.moveTo(AgentState.ROLLED_BACK, clock.instant(), reason));
    backups.prune(settings.backupsKept());
    return new Outcome(AgentState.ROLLED_BACK, from, tx.toVersion(), problems, why);
  }

  /**
   * Failed versions never take the place of a good one; the most recent failure is kept besides,
   * for diagnosis, until another one replaces it.
   */
  private void tidy() throws IOException {
    List<String> installed = layout.installedVersions();
    List<String> failed = store.facts().failedVersions();
    Optional<String> lastFailure =
        failed.stream().filter(installed::contains).reduce((earlier, later) -> later);
    layout.prune(settings.keepVersions(), store.goodVersions(), lastFailure);
    backups.prune(settings.backupsKept());
  }

  /** The newest kept version below {@code current} that passed its health check here. */
  private Optional<String> lastKnownGood(String current) throws IOException {
    List<String> installed = layout.installedVersions();
    List<String> good = store.goodVersions();
    return installed.stream()
        .skip(installed.indexOf(current) + 1L)
        .filter(good::contains)
        .findFirst();
  }

  private String describeKept() throws IOException {
    List<String> failed = store.facts().failedVersions();
    return String.join(
        ", ",
        layout.installedVersions().stream()
            .map(v -> failed.contains(v) ? v + " (failed here)" : v)
            .toList());
  }

  /** Runs the rollback scripts of the releases newer than {@code target}; what went wrong. */
  private List<String> undoMigrations(String target) {
    if (database.isEmpty()) {
      return List.of();
    }
    long start = System.nanoTime();
    List<String> problems = database.get().undo(target, layout::versionDir);
    migrationNanos += System.nanoTime() - start;
    return problems;
  }

  private Optional<String> runHook(String name, Optional<String> command, Map<String, String> env) {
    if (command.isEmpty()) {
      return Optional.empty();
    }
    Hooks.Run run = hooks.run(name, command.get(), env);
    return run.succeeded() ? Optional.empty() : Optional.of(run.problem());
  }

  private Map<String, String> environment(String phase, String from, String to, Path backup) {
    Map<String, String> env = new HashMap<>();
    env.put("UPDATE_PHASE", phase);
    env.put("UPDATE_PRODUCT", settings.product());
    env.put("UPDATE_CHANNEL", settings.channel());
    env.put("UPDATE_FROM_VERSION", from == null ? "" : from);
    env.put("UPDATE_TO_VERSION", to == null ? "" : to);
    env.put("UPDATE_INSTALL_DIR", layout.installDir().toString());
    env.put("UPDATE_CURRENT_LINK", layout.currentLink().toString());
    env.put(
        "UPDATE_VERSION_DIR", to == null || to.isEmpty() ? "" : layout.versionDir(to).toString());
    env.put(
        "UPDATE_PREVIOUS_VERSION_DIR",
        from == null || from.isEmpty() ? "" : layout.versionDir(from).toString());
    env.put(
        "UPDATE_MANIFEST",
        to == null || to.isEmpty() ? "" : layout.versionDir(to).resolve(MANIFEST_FILE).toString());
    env.put("UPDATE_BACKUP_DIR", backup == null ? "" : backup.toString());
    env.put("UPDATE_MAINTENANCE_FILE", maintenance.path());
    return env;
  }
}
