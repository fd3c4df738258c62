package org.openupdate.server.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * The JSON event as recorded, signed: {@code X-OpenUpdate-Signature: sha256=<hex>} is the
 * HMAC-SHA256, keyed with the subscription's secret, of {@code <X-OpenUpdate-Timestamp> "."
 * <body>}. The timestamp (Unix seconds, taken at each attempt) lets receivers refuse replays;
 * {@code X-OpenUpdate-Event-Id} lets them drop a repeated delivery. README: "Webhooks: verifying".
 */
@ApplicationScoped
class WebhookTarget implements Target {

  @Inject HttpPost http;
  @Inject Clock clock;

  @Override
  public void send(DeliveryWorker.Claimed delivery, Notice notice) throws DeliveryException {
    byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    http.json(
        "webhook " + delivery.subscriber().id(),
        delivery.subscriber().address(),
        body,
        Map.of(
            WebhookSignature.SIGNATURE_HEADER,
            "sha256=" + WebhookSignature.sign(delivery.subscriber().secret(), timestamp, body),
            WebhookSignature.TIMESTAMP_HEADER,
            timestamp,
            WebhookSignature.EVENT_ID_HEADER,
            delivery.eventId(),
            WebhookSignature.EVENT_TYPE_HEADER,
            delivery.eventType()));
  }
}
