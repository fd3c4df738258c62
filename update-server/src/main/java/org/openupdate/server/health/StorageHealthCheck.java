package org.openupdate.server.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.openupdate.server.artifact.ArtifactConfig;

/** Not ready when uploads would fail: the artifact store must be a writable directory. */
@Readiness
@ApplicationScoped
public class StorageHealthCheck implements HealthCheck {

  @Inject ArtifactConfig config;

  @Override
  public HealthCheckResponse call() {
    Path directory = config.directory();
    boolean usable = Files.isDirectory(directory) && Files.isWritable(directory);
    var response = HealthCheckResponse.named("artifact storage").status(usable);
    if (usable) {
      try {
        response.withData("usableBytes", Files.getFileStore(directory).getUsableSpace());
      } catch (IOException e) {
        response.down().withData("error", "cannot read free space");
      }
    }
    return response.build();
  }
}
