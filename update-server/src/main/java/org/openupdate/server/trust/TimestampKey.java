package org.openupdate.server.trust;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.openupdate.manifest.pgp.SigningKey;

/**
 * The online key that signs channel timestamps: the configured file in production, else one the
 * embedded default generates in the data directory. The trust root names it; its compromise lets an
 * attacker keep agents on an old view of a channel for one timestamp lifetime at most, never sign a
 * release (manifest-schema README, "Freshness").
 */
@Startup
@ApplicationScoped
public class TimestampKey {
  private static final Logger LOG = Logger.getLogger(TimestampKey.class);

  @Inject TrustConfig config;

  private SigningKey key;

  @PostConstruct
  void load() {
    key =
        config
            .timestampKeyFile()
            .map(
                file ->
                    KeyFiles.read(
                        file,
                        config
                            .timestampKeyPassphraseFile()
                            .map(KeyFiles::passphrase)
                            .orElse(new char[0]),
                        "timestamp key"))
            .orElseGet(
                () -> {
                  SigningKey generated =
                      KeyFiles.loadOrGenerate(
                          config.generatedTimestampKeyFile(),
                          "OpenUpdate timestamps <openupdate@localhost>",
                          "timestamp key");
                  LOG.infof(
                      "Signing channel timestamps with the generated key %s in %s (embedded"
                          + " default; configure openupdate.trust.timestamp-key-file in production)",
                      generated.fingerprint(), config.generatedTimestampKeyFile());
                  return generated;
                });
  }

  public SigningKey key() {
    return key;
  }
}
