package org.openupdate.client.internal.report;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.openupdate.client.internal.config.Settings;
import org.openupdate.client.internal.state.StateStore;
import org.openupdate.manifest.RefusalReason;
import org.openupdate.manifest.RollbackReason;
import org.openupdate.manifest.StatusDetails;
import org.openupdate.manifest.StatusReport;
import org.openupdate.manifest.UpdatePhase;
import org.openupdate.manifest.UpdateStatus;

/** Builds status reports (a fresh report id each) and puts them on the disk queue. */
public final class Reporter {
  private static final int MAX_ERROR_LENGTH = 2000;
  private final ReportQueue queue;
  private final Settings settings;
  private final StateStore store;
  private final Clock clock;
  private final Consumer<String> log;

  public Reporter(
      ReportQueue queue, Settings settings, StateStore store, Clock clock, Consumer<String> log) {
    this.queue = queue;
    this.settings = settings;
    this.store = store;
    this.clock = clock;
    this.log = log;
  }

  /** Reports about one update, from {@code from} ("" when nothing was installed) to {@code to}. */
  public Update about(String from, String to) {
    return new Update(orInitial(from), to);
  }

  /**
   * The machine went back to {@code now} and left {@code left}: the server counts the rollback
   * against {@code left}. "" stands for nothing installed.
   */
  public void rolledBack(
      String now,
      String left,
      RollbackReason reason,
      Double downloadTime,
      Double installTime,
      Double migrationTime,
      List<String> errors) {
    send(
        orInitial(left),
        orInitial(now),
        UpdateStatus.ROLLED_BACK,
        null,
        new Double[] {downloadTime, installTime, migrationTime},
        errors,
        null,
        reason,
        new Long[2]);
  }

  /** Sends what is queued; problems are logged, the reports stay queued. */
  public void flush() {
    queue.flush().problems().forEach(log);
  }

  public int pending() {
    return queue.pending();
  }

  /** The reports of one update. Times are seconds; null when not known yet. */
  public final class Update {
    private final String from;
    private final String to;
    private Double migrationTime;
    private Long bytesDownloaded;
    private Long bytesFull;

    private Update(String from, String to) {
      this.from = from;
      this.to = to;
    }

    /** Seconds spent on database migrations, carried by the reports that end the update. */
    public void migrationTime(Double seconds) {
      migrationTime = seconds;
    }

    /**
     * Bytes fetched and bytes a full download would have cost, carried by the reports that end the
     * update.
     */
    public void bytes(long downloaded, long full) {
      bytesDownloaded = downloaded;
      bytesFull = full;
    }

    public void phase(UpdatePhase phase, Double downloadTime, Double installTime) {
      send(
          from,
          to,
          UpdateStatus.IN_PROGRESS,
          phase,
          new Double[] {downloadTime, installTime, null},
          List.of(),
          null,
          null);
    }

    /** {@code notes}: what was left out, e.g. optional components that were skipped. */
    public void completed(Double downloadTime, Double installTime, List<String> notes) {
      send(
          from,
          to,
          UpdateStatus.COMPLETED,
          null,
          times(downloadTime, installTime),
          notes,
          null,
          null);
    }

    /** The attempt failed and {@code to} was left running (or nothing was switched). */
    public void failed(Double downloadTime, Double installTime, List<String> errors) {
      send(
          from,
          to,
          UpdateStatus.FAILED,
          null,
          times(downloadTime, installTime),
          errors,
          null,
          null);
    }

    /** The attempt was undone: {@code from} runs again, the rollback counts against {@code to}. */
    public void rolledBack(
        RollbackReason reason, Double downloadTime, Double installTime, List<String> errors) {
      Reporter.this.rolledBack(from, to, reason, downloadTime, installTime, migrationTime, errors);
    }

    /** The recall target {@code to} runs; the pulled {@code from} was left. */
    public void recalled(Double downloadTime, Double installTime, List<String> notes) {
      send(
          from,
          to,
          UpdateStatus.RECALLED,
          null,
          times(downloadTime, installTime),
          notes,
          null,
          null);
    }

    /**
     * The offered version was refused: it was never installed, so the server must not count it as a
     * failed attempt of that release.
     */
    public void refused(RefusalReason reason, String message) {
      send(from, to, UpdateStatus.REFUSED, null, new Double[3], List.of(message), reason, null);
    }

    private Double[] times(Double downloadTime, Double installTime) {
      return new Double[] {downloadTime, installTime, migrationTime};
    }

    private void send(
        String fromVersion,
        String version,
        UpdateStatus status,
        UpdatePhase phase,
        Double[] seconds,
        List<String> errors,
        RefusalReason refusal,
        RollbackReason rollbackReason) {
      boolean ends = status != UpdateStatus.IN_PROGRESS && status != UpdateStatus.REFUSED;
      Reporter.this.send(
          fromVersion,
          version,
          status,
          phase,
          seconds,
          errors,
          refusal,
          rollbackReason,
          ends ? new Long[] {bytesDownloaded, bytesFull} : new Long[2]);
    }
  }

  /** {@code seconds}: download, install and migration time; null where not known. */
  private void send(
      String fromVersion,
      String version,
      UpdateStatus status,
      UpdatePhase phase,
      Double[] seconds,
      List<String> errors,
      RefusalReason refusal,
      RollbackReason rollbackReason,
      Long[] bytes) {
    StatusReport report =
        new StatusReport(
            UUID.randomUUID().toString(),
            store.facts().clientId(),
            settings.product(),
            fromVersion,
            version,
            settings.channel(),
            status,
            phase,
            clock.instant(),
            new StatusDetails(
                seconds[0],
                seconds[1],
                seconds[2],
                errors.isEmpty() ? null : errors.stream().map(Reporter::clip).toList(),
                bytes[0],
                bytes[1]),
            refusal,
            rollbackReason);
    try {
      queue.enqueue(report);
    } catch (IOException e) {
      log.accept("cannot queue status report: " + e.getMessage());
    }
  }

  private String orInitial(String version) {
    return version == null || version.isEmpty() ? settings.initialVersion().toString() : version;
  }

  /** The status report schema caps an error message's length. */
  private static String clip(String error) {
    return error.length() <= MAX_ERROR_LENGTH
        ? error
        : error.substring(0, MAX_ERROR_LENGTH - 3) + "...";
  }
}
