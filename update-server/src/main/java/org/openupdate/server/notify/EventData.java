package org.openupdate.server.notify;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.openupdate.manifest.Changelog;

/**
 * The {@code data} of each event type, as its schema ({@code notification-event.schema.json})
 * describes it. A field that does not apply is left out, never {@code null}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface EventData {

  @JsonIgnore
  EventType type();

  /** A release was put on a channel (first publication or promotion). */
  record Published(
      String version,
      String channel,
      boolean mandatory,
      String releaseNotesUrl,
      Changelog changelog,
      Integer percentage)
      implements EventData {
    public EventType type() {
      return EventType.RELEASE_PUBLISHED;
    }
  }

  /** The release's rollout waits for another admin's approval (the product's policy asks). */
  record ApprovalRequested(String version, String channel, String publishedBy)
      implements EventData {
    public EventType type() {
      return EventType.RELEASE_APPROVAL_REQUESTED;
    }
  }

  /** {@code stage} counts from 0; {@code percentage} is the new stage's share of clients. */
  record StageAdvanced(String version, String channel, int stage, int percentage, String reason)
      implements EventData {
    public EventType type() {
      return EventType.ROLLOUT_STAGE_ADVANCED;
    }
  }

  /** {@code topFailures}: the release's most frequent failure messages, most frequent first. */
  record Halted(String version, String channel, int stage, String reason, List<Failure> topFailures)
      implements EventData {
    public EventType type() {
      return EventType.ROLLOUT_HALTED;
    }
  }

  record Failure(String message, long count) {}

  /** {@code recallTarget}: the older release its clients are offered instead, when recalled. */
  record Pulled(String version, String channel, String reason, String recallTarget)
      implements EventData {
    public EventType type() {
      return EventType.RELEASE_PULLED;
    }
  }

  /** Rollbacks away from the release within the window reached the threshold. */
  record RollbacksSpiking(String version, long rollbacks, int threshold, long windowMinutes)
      implements EventData {
    public EventType type() {
      return EventType.FLEET_ROLLBACKS_SPIKING;
    }
  }

  /** Agents refused the release this often within the window (a mirror or signing problem). */
  record RefusalsSpiking(
      String version, long refusals, int threshold, long windowMinutes, List<Failure> topReasons)
      implements EventData {
    public EventType type() {
      return EventType.FLEET_REFUSALS_SPIKING;
    }
  }

  record Expiring(String version, String channel, Instant expires, long daysLeft)
      implements EventData {
    public EventType type() {
      return EventType.MANIFEST_EXPIRING;
    }
  }

  /** Clients behind the channel or on a pulled release for longer than {@code afterHours}. */
  record Drift(
      String channel,
      String head,
      long behind,
      long onPulled,
      long afterHours,
      List<String> sampleClients)
      implements EventData {
    public EventType type() {
      return EventType.FLEET_DRIFT;
    }
  }
}
