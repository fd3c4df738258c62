package org.openupdate.client.internal.trust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.openupdate.client.internal.config.Settings;
import org.openupdate.client.internal.net.Http;
import org.openupdate.client.internal.state.StateStore;
import org.openupdate.manifest.ManifestJson;
import org.openupdate.manifest.pgp.SignatureVerifier;
import org.openupdate.manifest.trust.Timestamp;
import org.openupdate.manifest.trust.TrustException;
import org.openupdate.manifest.trust.TrustRoot;
import org.openupdate.manifest.trust.TrustRoots;

/**
 * The channel's signed timestamp, fetched on every check. A fresh one (signed by the root's
 * timestamp key, for this product and channel, not below the sequence of the last one, not expired)
 * is kept; when none can be had, the kept one carries the agent until it expires. After that the
 * agent suspects a freeze: a mirror or a network in between serving an old view.
 */
public final class Freshness {
  private final Settings settings;
  private final Clock clock;
  private final Path kept;

  /** The verdict of one check. */
  public sealed interface Verdict {
    /** A timestamp signed for the channel that has not expired. */
    record Fresh(Timestamp timestamp) implements Verdict {}

    /** No unexpired timestamp: {@code why} says what was missing, stale or refused. */
    record FreezeSuspected(String why) implements Verdict {}
  }

  public Freshness(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.kept = settings.stateDir().resolve("trust").resolve("timestamp.json");
  }

  public Verdict check(TrustRoot root, Http http) {
    Optional<Timestamp> last = last();
    Instant now = clock.instant();
    String problem;
    try {
      byte[] bytes = fetch(http, path(), TrustRoots.MAX_TIMESTAMP_BYTES);
      byte[] signature = fetch(http, path() + ".asc", SignatureVerifier.MAX_SIGNATURE_BYTES);
      Timestamp fresh = TrustRoots.timestamp(root, bytes, signature, clock);
      problem = judge(fresh, last, now);
      if (problem == null) {
        StateStore.writeAtomically(kept, bytes);
        return new Verdict.Fresh(fresh);
      }
    } catch (TrustException | IOException e) {
      problem = e.getMessage();
    }
    if (last.isPresent() && last.get().expires().isAfter(now)) {
      // A missed timestamp is no freeze while the last one still speaks for the channel.
      return new Verdict.Fresh(last.get());
    }
    return new Verdict.FreezeSuspected(
        "freeze suspected: no fresh timestamp for channel '"
            + settings.channel()
            + "' ("
            + problem
            + ")"
            + last.map(t -> "; the last one verified expired at " + t.expires()).orElse("")
            + "; the server or a mirror may be serving an old view of the channel");
  }

  /** The last timestamp verified, as kept in the state directory. */
  public Optional<Timestamp> last() {
    try {
      return Files.exists(kept)
          ? Optional.of(ManifestJson.read(Files.readAllBytes(kept), Timestamp.class))
          : Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Why a correctly signed timestamp is still not one to believe; null when it is. */
  private String judge(Timestamp fresh, Optional<Timestamp> last, Instant now) {
    if (!settings.product().equals(fresh.product())
        || !settings.channel().equals(fresh.channel())) {
      return "timestamp is for "
          + fresh.product()
          + "/"
          + fresh.channel()
          + ", not "
          + settings.product()
          + "/"
          + settings.channel();
    }
    if (!fresh.expires().isAfter(now)) {
      return "timestamp expired at " + fresh.expires() + " (now " + now + ")";
    }
    if (last.isPresent()
        && last.get().channel().equals(fresh.channel())
        && fresh.sequence() < last.get().sequence()) {
      return "timestamp names sequence "
          + fresh.sequence()
          + ", below "
          + last.get().sequence()
          + " of one verified before (a replayed timestamp)";
    }
    return null;
  }

  private String path() {
    return "api/v1/trust/timestamp/" + settings.product() + "/" + settings.channel();
  }

  private byte[] fetch(Http http, String path, int limit) throws IOException {
    // A refused answer (a redirect elsewhere, too large) is an IOException too: no timestamp.
    Http.Response response = http.get(settings.resolve(path), Map.of(), limit);
    if (response.status() != 200) {
      throw new IOException("GET " + path + " answered HTTP " + response.status());
    }
    return response.body();
  }
}
