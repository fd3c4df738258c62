package org.openupdate.client.internal.notice;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.openupdate.client.internal.config.Settings;
import org.openupdate.client.internal.install.Hooks;
import org.openupdate.client.internal.state.StateStore;
import org.openupdate.manifest.Changelog;
import org.openupdate.manifest.ManifestJson;
import org.openupdate.manifest.ReleaseManifest;

/**
 * {@code <stateDir>/notice.json}: the update that waits on this machine, for the application to
 * show in its own UI. Written when a verified offer is not installed, removed when nothing waits
 * any more; the {@code hooks.notify} command is told of every change. The file is the agent's own
 * record too: {@code dismiss} and {@code schedule} act only on the version it names.
 */
public final class Notices {
  private final Path file;
  private final Settings settings;
  private final Hooks hooks;
  private final Consumer<String> log;
  private final ObjectMapper json = ManifestJson.mapper();

  /**
   * What the file holds (see the module README, "Update notice").
   *
   * @param waitingFor {@code maintenance-window}, {@code install-command} (no auto-install), {@code
   *     report-only} or {@code next-cycle}
   * @param nextWindow when the maintenance window opens next; null without a window
   * @param offeredAt when this version was first noticed here
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Notice(
      String product,
      String version,
      String installedVersion,
      boolean mandatory,
      Instant installDeadline,
      String waitingFor,
      Instant nextWindow,
      Instant scheduledAt,
      String summary,
      Changelog changelog,
      String releaseNotesUrl,
      Instant offeredAt) {

    /** A mandatory release past its deadline: installed whatever a person says. */
    public boolean overdue(Instant now) {
      return mandatory && installDeadline != null && !now.isBefore(installDeadline);
    }
  }

  public Notices(Settings settings, Consumer<String> log) {
    this.file = settings.stateDir().resolve("notice.json");
    this.settings = settings;
    this.hooks = new Hooks(settings.stateDir(), settings.installDir(), settings.notifyTimeout());
    this.log = log;
  }

  public Optional<Notice> current() {
    try {
      return Files.exists(file)
          ? Optional.of(json.readValue(file.toFile(), Notice.class))
          : Optional.empty();
    } catch (IOException e) {
      log.accept("unreadable update notice " + file + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /** {@code manifest} waits; the notice is replaced when anything in it changed. */
  public void waiting(
      ReleaseManifest manifest,
      String installed,
      String waitingFor,
      Instant nextWindow,
      Instant scheduledAt,
      Instant now) {
    Changelog changes =
        manifest.changelog() == null ? new Changelog(null, null, null) : manifest.changelog();
    Instant offeredAt =
        current()
            .filter(n -> n.version().equals(manifest.version()))
            .map(Notice::offeredAt)
            .orElse(now);
    write(
        new Notice(
            manifest.product(),
            manifest.version(),
            installed,
            manifest.mandatory(),
            manifest.installDeadline(),
            waitingFor,
            nextWindow,
            scheduledAt,
            count(changes.features().size(), "feature")
                + ", "
                + count(changes.fixes().size(), "fix")
                + ", "
                + count(changes.security().size(), "security fix"),
            changes,
            manifest.releaseNotesUrl(),
            offeredAt));
  }

  /** The notice with a new schedule. */
  public void scheduled(Notice notice, Instant at) {
    write(
        new Notice(
            notice.product(),
            notice.version(),
            notice.installedVersion(),
            notice.mandatory(),
            notice.installDeadline(),
            notice.waitingFor(),
            notice.nextWindow(),
            at,
            notice.summary(),
            notice.changelog(),
            notice.releaseNotesUrl(),
            notice.offeredAt()));
  }

  /** Nothing waits any more (installed, up to date, dismissed, refused...). */
  public void clear() {
    try {
      if (Files.deleteIfExists(file)) {
        tell("cleared", "");
      }
    } catch (IOException e) {
      log.accept("cannot remove update notice " + file + ": " + e.getMessage());
    }
  }

  private void write(Notice notice) {
    try {
      byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(notice);
      if (Files.exists(file) && Arrays.equals(bytes, Files.readAllBytes(file))) {
        return;
      }
      StateStore.writeAtomically(file, bytes);
      tell("waiting", notice.version());
    } catch (IOException e) {
      log.accept("cannot write update notice " + file + ": " + e.getMessage());
    }
  }

  /** Runs the notify hook; its failure is logged, never fatal to the update. */
  private void tell(String event, String version) {
    settings
        .notifyHook()
        .map(
            command ->
                hooks.run(
                    "notify",
                    command,
                    Map.of(
                        "UPDATE_NOTICE_EVENT",
                        event,
                        "UPDATE_NOTICE_FILE",
                        file.toString(),
                        "UPDATE_PRODUCT",
                        settings.product(),
                        "UPDATE_TO_VERSION",
                        version)))
        .filter(run -> !run.succeeded())
        .ifPresent(run -> log.accept(run.problem() + " (the notice is written all the same)"));
  }

  private static String count(int n, String what) {
    return n + " " + what + (n == 1 ? "" : what.endsWith("x") ? "es" : "s");
  }
}
