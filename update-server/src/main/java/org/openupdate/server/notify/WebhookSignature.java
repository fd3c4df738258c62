package org.openupdate.server.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The signature of a webhook delivery: HMAC-SHA256 over {@code timestamp + "." + body}. */
public final class WebhookSignature {

  public static final String SIGNATURE_HEADER = "X-OpenUpdate-Signature";
  public static final String TIMESTAMP_HEADER = "X-OpenUpdate-Timestamp";
  public static final String EVENT_ID_HEADER = "X-OpenUpdate-Event-Id";
  public static final String EVENT_TYPE_HEADER = "X-OpenUpdate-Event";

  private WebhookSignature() {}

  /** Hex HMAC-SHA256 of the timestamp, a dot and the exact body bytes. */
  public static String sign(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) '.');
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }
}
