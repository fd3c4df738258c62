package org.openupdate.server.trust;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "openupdate.trust")
public interface TrustConfig {

  /**
   * Armored secret key of the online timestamp key the trust root names (production); without it
   * the server generates one in {@link #generatedTimestampKeyFile()}.
   */
  Optional<Path> timestampKeyFile();

  /** A file holding the timestamp key's passphrase, when it has one. */
  Optional<Path> timestampKeyPassphraseFile();

  /** Where the embedded default generates and keeps its timestamp key. */
  Path generatedTimestampKeyFile();

  /**
   * Where the embedded default (a generated signing key) generates its development root key and
   * signs trust root version 1 with it. Never used once signing keys are configured: a production
   * root is made offline and uploaded.
   */
  Path generatedRootKeyFile();

  /** How long a channel timestamp is valid; re-signed when half of it has passed. */
  @WithDefault("PT6H")
  Duration timestampLifetime();

  /** How long a stored root may be served by one instance before it looks for newer ones. */
  @WithDefault("PT15S")
  Duration rootCacheTime();
}
