package org.openupdate.server.fleet;

import java.time.Instant;
import java.util.List;

/** What the fleet read API puts on the wire. */
public final class FleetViews {

  private FleetViews() {}

  /**
   * One page of clients in client id order.
   *
   * @param nextCursor pass as {@code cursor} for the next page; null on the last page
   */
  public record FleetPage(List<FleetClient> clients, String nextCursor) {}

  /**
   * A client as the check last saw it, with its drift and its last status report.
   *
   * @param firstSeen null for clients last written before first-seen was recorded
   * @param releasesBehind active releases on its channel newer than {@code version}; only with
   *     drift {@code behind}
   * @param channelHead the newest active release on its channel (or one it follows); null when none
   * @param lastReport null when the client never reported for this product
   * @param dismissedVersions versions a person dismissed on the machine, as its last check told;
   *     empty when none
   * @param scheduledInstall the install a person scheduled there; null when none
   */
  public record FleetClient(
      String clientId,
      String product,
      String channel,
      String version,
      String agentVersion,
      String platform,
      Instant firstSeen,
      Instant lastSeen,
      Drift drift,
      Integer releasesBehind,
      String channelHead,
      LastReport lastReport,
      List<String> dismissedVersions,
      ScheduledInstall scheduledInstall) {}

  /** The agent installs {@code version} at {@code at}, inside its maintenance window or not. */
  public record ScheduledInstall(String version, Instant at) {}

  /**
   * @param message the report's first error, null without errors
   */
  public record LastReport(String status, String version, Instant receivedAt, String message) {}

  /**
   * One machine: a state per product it checks for, and its reports, newest first.
   *
   * @param products one entry per product the client checks for
   */
  public record FleetMachine(String clientId, List<FleetClient> products, List<Report> reports) {}

  public record Report(
      String reportId,
      String product,
      String channel,
      String fromVersion,
      String version,
      String status,
      String phase,
      Instant reportedAt,
      Instant receivedAt,
      List<String> errors) {}

  /**
   * Clients per channel, per version and per drift state.
   *
   * @param staleAfterSeconds clients not seen for this long count as stale, not on a version
   */
  public record FleetSummary(long staleAfterSeconds, List<ChannelSummary> channels) {}

  /**
   * @param clients every client of the product on the channel, stale ones included
   * @param versions clients seen within the stale window, per version they run, most clients first
   */
  public record ChannelSummary(
      String product,
      String channel,
      String head,
      long clients,
      DriftCounts drift,
      List<VersionCount> versions) {}

  public record DriftCounts(long current, long behind, long onPulled, long stale) {}

  public record VersionCount(String version, long clients, Drift drift, Integer releasesBehind) {}

  /**
   * Why a release failed or was rolled back, most frequent reason first.
   *
   * @param reports failed and rolled-back reports of the release that were grouped
   * @param truncated true when the release has more such reports than are grouped (the newest are)
   */
  public record ReleaseFailures(
      String product,
      String version,
      long reports,
      boolean truncated,
      List<FailureReason> reasons) {}

  /**
   * @param rollbackReason why the agent rolled back ({@code health-check}, {@code hook}, {@code
   *     install-error}, {@code manual}); null for failures and rollbacks that gave none
   * @param message the reports' errors with numbers and ids replaced ({@code <n>}, {@code <id>})
   * @param example one report's errors as sent
   * @param clients distinct clients among the reports
   * @param sampleClients up to five of them, most recent report first
   */
  public record FailureReason(
      String status,
      String rollbackReason,
      String message,
      String example,
      long reports,
      long clients,
      List<StageCount> stages,
      List<String> sampleClients) {}

  /**
   * @param stage the rollout stage (0-based) the client's attempt started in; null when unknown
   */
  public record StageCount(String channel, Integer stage, long reports) {}
}
