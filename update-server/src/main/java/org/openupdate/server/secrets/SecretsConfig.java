package org.openupdate.server.secrets;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

@ConfigMapping(prefix = "openupdate.secrets")
public interface SecretsConfig {

  /**
   * The key that encrypts secrets at rest, 32 bytes in base64 ({@code openssl rand -base64 32});
   * every instance of one database needs the same.
   */
  Optional<String> key();

  /** Where the key is generated and kept when {@link #key()} is not set. */
  Path keyFile();
}
