package org.openupdate.server.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.openupdate.server.secrets.SecretBox;

/** Picks the target for a subscription's kind and opens its sealed secrets. */
@ApplicationScoped
class Targets {

  /** The purpose webhook secrets are sealed for (unchanged since webhooks were introduced). */
  static final String SECRET_PURPOSE = "webhook-secret";

  /** The purpose Slack and Teams URLs are sealed for. */
  static final String ADDRESS_PURPOSE = "notify-address";

  @Inject SecretBox secrets;
  @Inject NotifyConfig config;
  @Inject WebhookTarget webhook;
  @Inject SlackTarget slack;
  @Inject TeamsTarget teams;
  @Inject EmailTarget email;

  Target.Subscriber subscriber(
      long id,
      String kind,
      String address,
      boolean addressSealed,
      String secret,
      boolean secretSealed) {
    return new Target.Subscriber(
        id,
        TargetKind.parse(kind).orElseThrow(),
        addressSealed ? secrets.open(ADDRESS_PURPOSE, address) : address,
        secret == null || !secretSealed ? secret : secrets.open(SECRET_PURPOSE, secret));
  }

  void send(DeliveryWorker.Claimed delivery) throws DeliveryException {
    Notice notice = Notice.of(delivery.body(), config.consoleUrl());
    Target target =
        switch (delivery.subscriber().kind()) {
          case WEBHOOK -> webhook;
          case SLACK -> slack;
          case TEAMS -> teams;
          case EMAIL -> email;
        };
    target.send(delivery, notice);
  }
}
