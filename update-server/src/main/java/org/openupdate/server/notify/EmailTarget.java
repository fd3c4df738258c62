package org.openupdate.server.notify;

import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openupdate.server.secrets.SecretBox;

/**
 * Email over SMTP ({@code openupdate.notify.smtp.*}): a text and an HTML part, from the templates
 * {@code EmailText.txt} and {@code EmailHtml.html}; a release.published mail lists the release's
 * changelog (features, fixes, security) as the original design's template does. The subject names
 * product and version. Every wait is bounded by {@code openupdate.notify.smtp.timeout}.
 */
@ApplicationScoped
class EmailTarget implements Target {

  /** The purpose an SMTP password is sealed for ({@code sealed:} values in the configuration). */
  static final String PASSWORD_PURPOSE = "smtp-password";

  @Inject Vertx vertx;
  @Inject NotifyConfig config;
  @Inject SecretBox secrets;

  private MailClient client;

  private synchronized MailClient client() throws DeliveryException {
    if (client == null) {
      NotifyConfig.Smtp smtp = config.smtp();
      String host =
          smtp.host()
              .orElseThrow(
                  () ->
                      new DeliveryException(
                          "no SMTP server configured (openupdate.notify.smtp.host)"));
      int timeoutSeconds = (int) Math.max(1, smtp.timeout().toSeconds());
      MailConfig mail =
          new MailConfig()
              .setHostname(host)
              .setPort(smtp.port())
              .setStarttls(startTls(smtp.startTls()))
              .setMaxPoolSize(4)
              .setKeepAlive(false);
      mail.setConnectTimeout(timeoutSeconds * 1000);
      mail.setIdleTimeout(timeoutSeconds);
      mail.setIdleTimeoutUnit(TimeUnit.SECONDS);
      if (smtp.username().isPresent()) {
        mail.setLogin(LoginOption.REQUIRED)
            .setUsername(smtp.username().get())
            .setPassword(password(smtp.password().orElse("")));
      } else {
        mail.setLogin(LoginOption.DISABLED);
      }
      client = MailClient.create(vertx, mail);
    }
    return client;
  }

  @Override
  public void send(DeliveryWorker.Claimed delivery, Notice notice) throws DeliveryException {
    MailMessage message =
        new MailMessage()
            .setFrom(config.smtp().from())
            .setTo(List.of(delivery.subscriber().address()))
            .setSubject(notice.subject())
            .setText(new EmailText(notice).render())
            .setHtml(new EmailHtml(notice).render());
    message.addHeader("X-OpenUpdate-Event-Id", delivery.eventId());
    long timeout = config.smtp().timeout().toMillis();
    try {
      client()
          .sendMail(message)
          .toCompletionStage()
          .toCompletableFuture()
          .get(timeout, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // The abandoned conversation may still hold a pooled connection: start afresh next time.
      reset();
      throw new DeliveryException(
          "the SMTP server did not finish within " + config.smtp().timeout(), e);
    } catch (ExecutionException e) {
      reset();
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new DeliveryException("SMTP: " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException("SMTP: interrupted", e);
    }
  }

  /** A {@code sealed:} password is opened with the server's secrets key; any other is as given. */
  String password(String configured) {
    return configured.startsWith("sealed:")
        ? secrets.open(PASSWORD_PURPOSE, configured.substring("sealed:".length()))
        : configured;
  }

  private static StartTLSOptions startTls(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "required" -> StartTLSOptions.REQUIRED;
      case "optional" -> StartTLSOptions.OPTIONAL;
      case "disabled" -> StartTLSOptions.DISABLED;
      default ->
          throw new IllegalStateException(
              "openupdate.notify.smtp.start-tls must be required, optional or disabled, was '"
                  + value
                  + "'");
    };
  }

  private synchronized void reset() {
    if (client != null) {
      client.close();
      client = null;
    }
  }

  @PreDestroy
  void close() {
    reset();
  }
}
