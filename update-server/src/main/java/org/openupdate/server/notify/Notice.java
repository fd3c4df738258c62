package org.openupdate.server.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openupdate.manifest.ManifestJson;

/**
 * An event as people read it (Slack, Teams, email): a subject naming product and version, a
 * headline, a few facts, the release's changelog where the event carries one, and a link to the
 * console when its address is configured.
 *
 * @param features empty unless the event is release.published (as are fixes and security)
 */
record Notice(
    String type,
    String product,
    String subject,
    String headline,
    List<Fact> facts,
    List<String> features,
    List<String> fixes,
    List<String> security,
    Optional<String> link) {

  record Fact(String name, String value) {}

  boolean hasChangelog() {
    return !features.isEmpty() || !fixes.isEmpty() || !security.isEmpty();
  }

  static Notice of(String eventJson, Optional<String> consoleUrl) {
    JsonNode event;
    try {
      event = ManifestJson.mapper().readTree(eventJson);
    } catch (IOException e) {
      throw new UncheckedIOException("a recorded event is not JSON", e);
    }
    String type = event.path("type").asText();
    String product = event.path("product").asText("");
    JsonNode data = event.path("data");
    String version = data.path("version").asText("");
    String channel = data.path("channel").asText("");
    List<Fact> facts = new ArrayList<>();
    String subject;
    String headline;
    switch (EventType.parse(type).orElseThrow(() -> new IllegalStateException(type))) {
      case RELEASE_PUBLISHED -> {
        subject = product + " " + version + " published on " + channel;
        headline = "Update " + version + " of " + product + " is now available on " + channel;
        facts.add(new Fact("Mandatory", data.path("mandatory").asBoolean() ? "yes" : "no"));
        optional(facts, "Release notes", data.path("releaseNotesUrl"));
      }
      case RELEASE_APPROVAL_REQUESTED -> {
        subject = product + " " + version + " on " + channel + " waits for approval";
        headline =
            "The rollout of "
                + product
                + " "
                + version
                + " on "
                + channel
                + " starts once another admin approves it";
        optional(facts, "Published by", data.path("publishedBy"));
      }
      case ROLLOUT_STAGE_ADVANCED -> {
        subject =
            product
                + " "
                + version
                + " on "
                + channel
                + ": rollout at "
                + data.path("percentage").asInt()
                + "%";
        headline =
            "The rollout of "
                + product
                + " "
                + version
                + " on "
                + channel
                + " advanced to stage "
                + (data.path("stage").asInt() + 1)
                + " ("
                + data.path("percentage").asInt()
                + "% of clients)";
        optional(facts, "Reason", data.path("reason"));
      }
      case ROLLOUT_HALTED -> {
        subject = product + " " + version + " on " + channel + ": rollout halted";
        headline = "The rollout of " + product + " " + version + " on " + channel + " is halted";
        optional(facts, "Reason", data.path("reason"));
        for (JsonNode failure : data.path("topFailures")) {
          facts.add(
              new Fact(failure.path("count").asLong() + " x", failure.path("message").asText()));
        }
      }
      case RELEASE_PULLED -> {
        subject = product + " " + version + " pulled from " + channel;
        headline = product + " " + version + " is no longer offered on " + channel;
        optional(facts, "Reason", data.path("reason"));
        optional(facts, "Clients recalled to", data.path("recallTarget"));
      }
      case FLEET_ROLLBACKS_SPIKING -> {
        subject = product + " " + version + ": " + data.path("rollbacks").asLong() + " rollbacks";
        headline = spike(data, "rollbacks", " clients rolled back from ", product, version);
      }
      case FLEET_REFUSALS_SPIKING -> {
        subject = product + " " + version + ": " + data.path("refusals").asLong() + " refusals";
        headline = spike(data, "refusals", " agents refused ", product, version);
        for (JsonNode reason : data.path("topReasons")) {
          facts.add(
              new Fact(reason.path("count").asLong() + " x", reason.path("message").asText()));
        }
      }
      case MANIFEST_EXPIRING -> {
        subject =
            product
                + " "
                + version
                + " on "
                + channel
                + ": manifest expires in "
                + data.path("daysLeft").asLong()
                + " days";
        headline =
            "The signed manifest of "
                + product
                + " "
                + version
                + " on "
                + channel
                + " expires at "
                + data.path("expires").asText()
                + "; agents refuse it after that. Publish a new release before.";
      }
      case FLEET_DRIFT -> {
        subject = product + " on " + channel + ": clients left behind";
        headline =
            (data.path("behind").asLong() + data.path("onPulled").asLong())
                + " clients of "
                + product
                + " on "
                + channel
                + " have been behind or on a pulled release for over "
                + data.path("afterHours").asLong()
                + " hours";
        facts.add(new Fact("Behind", data.path("behind").asText()));
        facts.add(new Fact("On a pulled release", data.path("onPulled").asText()));
        optional(facts, "Channel head", data.path("head"));
        List<String> sample = strings(data.path("sampleClients"));
        if (!sample.isEmpty()) {
          facts.add(new Fact("For example", String.join(", ", sample)));
        }
      }
      default -> throw new IllegalStateException(type);
    }
    JsonNode changelog = data.path("changelog");
    return new Notice(
        type,
        product,
        "[OpenUpdate] " + subject,
        headline,
        List.copyOf(facts),
        strings(changelog.path("features")),
        strings(changelog.path("fixes")),
        strings(changelog.path("security")),
        consoleUrl.map(url -> url.replaceAll("/+$", "") + "/console/notifications"));
  }

  private static void optional(List<Fact> facts, String name, JsonNode value) {
    if (value.isTextual() && !value.asText().isBlank()) {
      facts.add(new Fact(name, value.asText()));
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    for (JsonNode item : array) {
      values.add(item.asText());
    }
    return List.copyOf(values);
  }

  /** "12 agents refused app 1.2.0 within 60 minutes (threshold 10)". */
  private static String spike(
      JsonNode data, String count, String happened, String product, String version) {
    return data.path(count).asLong()
        + happened
        + product
        + " "
        + version
        + " within "
        + data.path("windowMinutes").asLong()
        + " minutes (threshold "
        + data.path("threshold").asInt()
        + ")";
  }
}
