package org.openupdate.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.server.support.Admin.asAdmin;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openupdate.server.secrets.SecretBox;

/** A dump of the database does not reveal webhook secrets. */
@QuarkusTest
class WebhookSecretsAtRestTest {

  @Inject EntityManager entityManager;
  @Inject SecretBox secrets;
  @Inject WebhookSecretSealing sealing;

  private Object[] row(long id) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                (Object[])
                    entityManager
                        .createNativeQuery(
                            "select secret, secret_sealed from notify_subscriptions where id = ?1")
                        .setParameter(1, id)
                        .getSingleResult());
  }

  @Test
  void shouldStoreAWebhookSecretEncrypted() {
    String secret = "stored-sealed-0123456789";
    long id =
        asAdmin()
            .contentType("application/json")
            .body(Map.of("url", "https://hooks.example.com/sealed", "secret", secret))
            .post("/api/v1/admin/webhooks")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");

    Object[] stored = row(id);
    assertThat((String) stored[0]).doesNotContain(secret);
    assertThat((Boolean) stored[1]).isTrue();
    assertThat(secrets.open(Targets.SECRET_PURPOSE, (String) stored[0])).isEqualTo(secret);
  }

  @Test
  void shouldEncryptSecretsStoredInClearByEarlierVersions() {
    String secret = "stored-in-clear-0123456789";
    long id =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  entityManager
                      .createNativeQuery(
                          "insert into notify_subscriptions (address, secret, secret_sealed, created_at)"
                              + " values ('https://hooks.example.com/old', ?1, false,"
                              + " current_timestamp)")
                      .setParameter(1, secret)
                      .executeUpdate();
                  return ((Number)
                          entityManager
                              .createNativeQuery("select max(id) from notify_subscriptions")
                              .getSingleResult())
                      .longValue();
                });

    assertThat(sealing.sealPlaintextSecrets()).isGreaterThanOrEqualTo(1);

    Object[] stored = row(id);
    assertThat((Boolean) stored[1]).isTrue();
    assertThat((String) stored[0]).doesNotContain(secret);
    assertThat(secrets.open(Targets.SECRET_PURPOSE, (String) stored[0])).isEqualTo(secret);
  }
}
