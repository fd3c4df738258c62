package org.openupdate.server.notify;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;
import org.openupdate.server.secrets.SecretBox;

/**
 * Encrypts at start the webhook secrets stored in clear before secrets were encrypted at rest
 * (migration V61; the webhooks table is notify_subscriptions since V80). Two instances starting at
 * once may both seal a row; either result opens.
 */
@ApplicationScoped
public class WebhookSecretSealing {

  private static final Logger LOG = Logger.getLogger(WebhookSecretSealing.class);

  @Inject SecretBox secrets;

  void onStart(@Observes StartupEvent start) {
    int sealed = sealPlaintextSecrets();
    if (sealed > 0) {
      LOG.infof("Encrypted the stored secrets of %d webhook(s)", sealed);
    }
  }

  /** Seals every secret still in clear; returns how many. */
  int sealPlaintextSecrets() {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              List<Subscription> plain =
                  Subscription.list("secretSealed = false and secret is not null");
              for (Subscription webhook : plain) {
                webhook.secret = secrets.seal(Targets.SECRET_PURPOSE, webhook.secret);
                webhook.secretSealed = true;
              }
              return plain.size();
            });
  }
}
