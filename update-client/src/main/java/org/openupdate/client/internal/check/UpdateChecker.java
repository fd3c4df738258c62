package org.openupdate.client.internal.check;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.openupdate.client.internal.config.Settings;
import org.openupdate.client.internal.net.Http;
import org.openupdate.client.internal.net.RefusedAnswerException;
import org.openupdate.client.internal.net.RetryAfter;
import org.openupdate.client.internal.state.StateStore;
import org.openupdate.manifest.CheckResponse;
import org.openupdate.manifest.ManifestJson;

/**
 * Asks the server whether an update is offered. Remembers the last answer and its ETag so an
 * unchanged answer costs a 304; a 429/503 with {@code Retry-After} becomes a {@link
 * Answer.RetryLater}, a refusal of the configuration (unknown product ...) a {@link
 * Answer.Misconfigured}.
 */
public final class UpdateChecker {
  private static final int MAX_ANSWER_BYTES = 64 * 1024;
  private final Settings settings;
  private final Http http;
  private final Clock clock;
  private final Path etagFile;
  private final Path answerFile;

  /** What the server said. */
  public sealed interface Answer {
    record Offer(CheckResponse response) implements Answer {}

    record UpToDate() implements Answer {}

    record RetryLater(Optional<Duration> after, String why) implements Answer {}

    /** The server refuses this configuration; {@code why} names the field to fix. */
    record Misconfigured(String why) implements Answer {}

    /** An answer the agent will not use, e.g. a redirect to an origin it was not told about. */
    record Refused(String why) implements Answer {}
  }

  public UpdateChecker(Settings settings, Http http, Clock clock) {
    this.settings = settings;
    this.http = http;
    this.clock = clock;
    this.etagFile = settings.stateDir().resolve("check.etag");
    this.answerFile = settings.stateDir().resolve("check-answer.json");
  }

  /** {@code choices}: more headers, what a person decided about offers here (may be empty). */
  public Answer check(
      String currentVersion, String clientId, String platform, Map<String, String> choices) {
    Map<String, String> headers = new LinkedHashMap<>(choices);
    headers.put("X-Current-Version", currentVersion);
    headers.put("X-Channel", settings.channel());
    headers.put("X-Product", settings.product());
    headers.put("X-Client-Id", clientId);
    headers.put("X-Platform", platform);
    headers.put("Accept", "application/json");
    settings.licenseKey().ifPresent(key -> headers.put("X-License-Key", key));
    cachedEtag().ifPresent(etag -> headers.put("If-None-Match", etag));
    URI uri = settings.resolve("api/v1/updates/check");
    Http.Response response;
    try {
      response = http.get(uri, headers, MAX_ANSWER_BYTES);
    } catch (RefusedAnswerException e) {
      return new Answer.Refused(e.getMessage());
    } catch (IOException e) {
      return new Answer.RetryLater(Optional.empty(), "GET " + uri + " failed: " + e.getMessage());
    }
    byte[] body;
    switch (response.status()) {
      case 200 -> {
        body = response.body();
        remember(response.header("ETag"), body);
      }
      case 304 -> {
        Optional<byte[]> cached = cachedAnswer();
        if (cached.isEmpty()) {
          forget();
          return new Answer.RetryLater(
              Optional.empty(), "server answered 304 but no answer is cached");
        }
        body = cached.get();
      }
      case 429, 503 -> {
        return new Answer.RetryLater(
            RetryAfter.parse(response.header("Retry-After"), clock.instant()),
            "server busy (HTTP " + response.status() + ")");
      }
      default -> {
        Optional<String> misconfigured = Misconfiguration.describe(response, uri, settings);
        if (misconfigured.isPresent()) {
          return new Answer.Misconfigured(misconfigured.get());
        }
        return new Answer.RetryLater(
            Optional.empty(),
            "GET "
                + uri
                + " answered HTTP "
                + response.status()
                + ": "
                + new String(response.body(), StandardCharsets.UTF_8).strip());
      }
    }
    CheckResponse answer;
    try {
      answer = ManifestJson.read(body, CheckResponse.class);
    } catch (RuntimeException e) {
      forget();
      return new Answer.RetryLater(Optional.empty(), "unreadable check answer: " + e.getMessage());
    }
    return answer.updateAvailable() && answer.version() != null
        ? new Answer.Offer(answer)
        : new Answer.UpToDate();
  }

  private Optional<String> cachedEtag() {
    try {
      return Files.exists(etagFile) && Files.exists(answerFile)
          ? Optional.of(Files.readString(etagFile, StandardCharsets.UTF_8).strip())
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private Optional<byte[]> cachedAnswer() {
    try {
      return Files.exists(answerFile)
          ? Optional.of(Files.readAllBytes(answerFile))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private void remember(String etag, byte[] body) {
    try {
      StateStore.writeAtomically(answerFile, body);
      if (etag == null) {
        Files.deleteIfExists(etagFile);
      } else {
        StateStore.writeAtomically(etagFile, etag.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      forget();
    }
  }

  private void forget() {
    try {
      Files.deleteIfExists(etagFile);
      Files.deleteIfExists(answerFile);
    } catch (IOException e) {
      // Without a cache the next check simply asks for a full answer.
    }
  }
}
