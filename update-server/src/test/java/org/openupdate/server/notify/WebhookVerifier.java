package org.openupdate.server.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a webhook receiver does before it trusts a delivery (README, "Webhooks: verifying a
 * delivery", shows this class): the signature over timestamp, dot and body matches, the timestamp
 * is within five minutes of now, and the event id was not accepted within those five minutes. A
 * captured delivery sent again fails: later by its timestamp, sooner by its id.
 */
public final class WebhookVerifier {

  private static final Duration WINDOW = Duration.ofMinutes(5);

  private final byte[] secret;
  private final Clock clock;
  private final Map<String, Instant> accepted = new LinkedHashMap<>();

  public WebhookVerifier(String secret, Clock clock) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
  }

  /**
   * @param signature the X-OpenUpdate-Signature header ({@code sha256=<hex>})
   * @param timestamp the X-OpenUpdate-Timestamp header (Unix seconds)
   * @param eventId the X-OpenUpdate-Event-Id header
   * @param body the request body, exactly as received
   * @throws SecurityException saying why the delivery is refused
   */
  public synchronized void verify(String signature, String timestamp, String eventId, byte[] body)
      throws Exception {
    if (signature == null || timestamp == null || eventId == null) {
      throw new SecurityException("signature, timestamp or event id header missing");
    }
    Instant sent;
    try {
      sent = Instant.ofEpochSecond(Long.parseLong(timestamp));
    } catch (NumberFormatException e) {
      throw new SecurityException("timestamp is not a number of seconds: " + timestamp);
    }
    Instant now = clock.instant();
    if (Duration.between(sent, now).abs().compareTo(WINDOW) > 0) {
      throw new SecurityException("timestamp " + sent + " is more than 5 minutes from " + now);
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
    byte[] expected = ("sha256=" + HexFormat.of().formatHex(mac.doFinal(body))).getBytes();
    if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
      throw new SecurityException("signature does not match");
    }
    accepted.values().removeIf(at -> at.isBefore(now.minus(WINDOW)));
    if (accepted.putIfAbsent(eventId, now) != null) {
      throw new SecurityException("event " + eventId + " was already accepted (a replay)");
    }
  }
}
