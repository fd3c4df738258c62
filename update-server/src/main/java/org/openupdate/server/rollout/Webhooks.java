package org.openupdate.server.rollout;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;
import org.openupdate.manifest.ManifestJson;
import org.openupdate.server.admin.AuditLog;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.secrets.SecretBox;

/**
 * Notifies registered receivers after a rollout event commits: a JSON POST signed with {@code
 * X-OpenUpdate-Signature: sha256=<hex HMAC-SHA256 of the body>} so receivers can check it came from
 * this server. Delivery is asynchronous with a few retries; a dead receiver never blocks a rollout.
 */
@ApplicationScoped
public class Webhooks {

  public static final String SIGNATURE_HEADER = "X-OpenUpdate-Signature";

  /** What a webhook's sealed secret is for; a value sealed for another purpose does not open. */
  static final String SECRET_PURPOSE = "webhook-secret";

  private static final Logger LOG = Logger.getLogger(Webhooks.class);
  private static final int ATTEMPTS = 3;

  @Inject Clock clock;
  @Inject AuditLog audit;
  @Inject SecretBox secrets;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A receiver as admins see it; the secret is never served back. */
  public record Receiver(long id, String url) {}

  /** {@code secret}: the HMAC key receivers check signatures with. */
  public record Registration(
      @NotBlank @Size(max = 2000) String url,
      @NotNull @Size(min = 16, max = 200, message = "must be 16 to 200 characters")
          String secret) {}

  @Transactional
  public Receiver register(Registration registration) {
    URI uri = parse(registration.url());
    Webhook webhook = new Webhook();
    webhook.url = uri.toString();
    webhook.secret = secrets.seal(SECRET_PURPOSE, registration.secret());
    webhook.secretSealed = true;
    webhook.createdAt = clock.instant();
    webhook.persist();
    Receiver receiver = new Receiver(webhook.id, webhook.url);
    audit.record("webhook.create", "webhook:" + webhook.id, null, receiver);
    return receiver;
  }

  @Transactional
  public List<Receiver> list() {
    return Webhook.<Webhook>listAll().stream().map(w -> new Receiver(w.id, w.url)).toList();
  }

  @Transactional
  public Optional<Receiver> delete(long id) {
    Optional<Webhook> found = Webhook.findByIdOptional(id);
    found.ifPresent(
        w -> {
          audit.record("webhook.delete", "webhook:" + w.id, new Receiver(w.id, w.url), null);
          w.delete();
        });
    return found.map(w -> new Receiver(w.id, w.url));
  }

  void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) RolloutEvent event) {
    byte[] body = ManifestJson.write(event);
    List<Webhook> receivers = receivers();
    for (Webhook receiver : receivers) {
      String secret;
      try {
        secret =
            receiver.secretSealed ? secrets.open(SECRET_PURPOSE, receiver.secret) : receiver.secret;
      } catch (IllegalStateException e) {
        LOG.errorf("webhook %s not notified: %s", receiver.url, e.getMessage());
        continue;
      }
      CompletableFuture.runAsync(() -> deliver(receiver.url, secret, body));
    }
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  List<Webhook> receivers() {
    return Webhook.listAll();
  }

  private void deliver(String url, String secret, byte[] body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header(SIGNATURE_HEADER, "sha256=" + hmac(secret, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status / 100 == 2) {
          return;
        }
        LOG.warnf("webhook %s answered %d (attempt %d)", url, status, attempt);
      } catch (java.io.IOException e) {
        LOG.warnf("webhook %s unreachable (attempt %d): %s", url, attempt, e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        Thread.sleep(500L * attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Hex HMAC-SHA256 of the exact body bytes. */
  public static String hmac(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }

  private static URI parse(String url) {
    try {
      URI uri = URI.create(url == null ? "" : url);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw ProblemException.invalidField(
            "url", "must be an absolute http(s) URL, was '" + url + "'");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalidField("url", "not a URL: '" + url + "'");
    }
  }
}
