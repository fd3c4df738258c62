package org.openupdate.server.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Which server version runs, on which Java, since when: a fleet of replicas that drifted apart
 * shows up in their health answers (the version consistency check the design notes asked for).
 */
@Liveness
@ApplicationScoped
public class BuildInfoHealthCheck implements HealthCheck {

  private final String version;
  private final Instant startedAt;

  @Inject
  BuildInfoHealthCheck(
      @ConfigProperty(name = "quarkus.application.version") String version, Clock clock) {
    this.version = version;
    this.startedAt = clock.instant();
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("openupdate-server")
        .up()
        .withData("version", version)
        .withData("java", Runtime.version().toString())
        .withData("startedAt", startedAt.toString())
        .build();
  }
}
