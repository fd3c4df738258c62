package org.openupdate.server.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.openupdate.server.signing.ServerKeys;

/** Not ready without a signing key: publishing would fail. Shows the fingerprints operators pin. */
@Readiness
@ApplicationScoped
public class SigningHealthCheck implements HealthCheck {

  @Inject ServerKeys keys;

  @Override
  public HealthCheckResponse call() {
    List<String> fingerprints = keys.fingerprints();
    return HealthCheckResponse.named("signing keys")
        .status(!fingerprints.isEmpty())
        .withData("fingerprints", String.join(",", fingerprints))
        .build();
  }
}
