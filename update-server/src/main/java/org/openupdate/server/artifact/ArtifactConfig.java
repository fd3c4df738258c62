package org.openupdate.server.artifact;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

@ConfigMapping(prefix = "openupdate.artifacts")
public interface ArtifactConfig {

  /** Content-addressed store; defaults to {@code ${openupdate.data-dir}/artifacts}. */
  Path directory();

  /** Largest artifact accepted by upload; bigger ones are refused with 413 and nothing is kept. */
  @WithDefault("4G")
  MemorySize maxUploadSize();
}
