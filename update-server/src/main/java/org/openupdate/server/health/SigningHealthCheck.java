package org.openupdate.server.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.openupdate.server.signing.ServerKeys;

/**
 * Not ready without a signing key: publishing would fail. Shows the fingerprints operators pin, and
 * a warning while an unprotected development key signs.
 */
@Readiness
@ApplicationScoped
public class SigningHealthCheck implements HealthCheck {

  @Inject ServerKeys keys;

  @Override
  public HealthCheckResponse call() {
    List<String> fingerprints = keys.fingerprints();
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("signing keys")
            .status(!fingerprints.isEmpty())
            .withData("fingerprints", String.join(",", fingerprints));
    keys.unprotectedKey()
        .ifPresent(
            file ->
                response.withData(
                    "warning",
                    "signing with the unprotected development key "
                        + file
                        + ": whoever reads the data directory can sign updates; set a passphrase"
                        + " or configure openupdate.signing.key-file"));
    return response.build();
  }
}
