package org.openupdate.server.trust;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.openupdate.manifest.pgp.DetachedSigner;
import org.openupdate.manifest.pgp.SigningKey;
import org.openupdate.manifest.trust.TrustRoot;
import org.openupdate.manifest.trust.TrustRoots;
import org.openupdate.server.signing.ServerKeys;

/**
 * The embedded default's trust root: while the server signs with the key it generated, it also
 * generates a development root key and signs root version 1 with it (the server's signing keys, its
 * timestamp key), so agents can be installed with a root from the first start. Says so in the log,
 * as it does for the generated signing key. With configured signing keys nothing is generated: the
 * vendor makes root version 1 offline ({@code update-client root init}) and uploads it. Either way,
 * a newest root that does not name the keys this server signs with is warned about.
 */
@Startup
@ApplicationScoped
public class DevelopmentRoot {
  private static final Logger LOG = Logger.getLogger(DevelopmentRoot.class);

  /** The start of the line that says the development root was made. */
  public static final String NOTICE = "Signed trust root version 1 with the development root key";

  /** Root version 1 of the embedded default lasts long: a trial must not strand its agents. */
  private static final Duration LIFETIME = Duration.ofDays(3650);

  @Inject ServerKeys serverKeys;
  @Inject TimestampKey timestampKey;
  @Inject TrustRootService roots;
  @Inject TrustRootStore store;
  @Inject TrustConfig config;
  @Inject Clock clock;

  @PostConstruct
  void ensure() {
    Optional<TrustRoot> newest = roots.newest();
    if (newest.isEmpty() && serverKeys.generatedKeyInUse()) {
      newest = Optional.of(generate());
    }
    newest.ifPresent(this::warnIfStale);
  }

  private TrustRoot generate() {
    SigningKey rootKey =
        KeyFiles.loadOrGenerate(
            config.generatedRootKeyFile(),
            "OpenUpdate development root <openupdate@localhost>",
            "development root key");
    List<TrustRoot.PublicKey> keys = new ArrayList<>();
    keys.add(entry(rootKey));
    serverKeys.signingKeys().forEach(k -> keys.add(entry(k)));
    keys.add(entry(timestampKey.key()));
    TrustRoot root =
        new TrustRoot(
            1,
            clock.instant().plus(LIFETIME).truncatedTo(ChronoUnit.SECONDS),
            keys,
            new TrustRoot.KeySet(1, List.of(rootKey.fingerprint().hex())),
            new TrustRoot.KeySet(1, serverKeys.fingerprints()),
            timestampKey.key().fingerprint().hex());
    byte[] document = TrustRoots.write(root);
    byte[] signature = DetachedSigner.sign(document, List.of(rootKey), clock.instant());
    boolean stored = roots.storeFirst(document, signature, root);
    store.reload();
    if (stored) {
      // Information, like the generated signing key's: the warning about that unprotected key
      // already says this data directory is for trials.
      LOG.infof(
          "%s %s (embedded default): agents installed with GET /api/v1/trust/root/1 follow the"
              + " roots uploaded after it. For a fleet, make root version 1 offline (update-client"
              + " root init) and upload it to a server with configured signing keys (update-server"
              + " README, Trust root)",
          NOTICE, config.generatedRootKeyFile());
    }
    return roots.newest().orElse(root);
  }

  private void warnIfStale(TrustRoot root) {
    List<String> missing = new ArrayList<>(serverKeys.fingerprints());
    missing.removeAll(root.signingKeys().fingerprints());
    if (!missing.isEmpty()) {
      LOG.warnf(
          "The newest trust root (version %d) does not name signing key(s) %s this server signs"
              + " with: agents that follow it refuse manifests signed only by them",
          root.version(), missing);
    }
    if (!root.timestampKey().equals(timestampKey.key().fingerprint().hex())) {
      LOG.warnf(
          "The newest trust root (version %d) names timestamp key %s, this server signs timestamps"
              + " with %s: agents that follow it will suspect a freeze",
          root.version(), root.timestampKey(), timestampKey.key().fingerprint());
    }
  }

  private static TrustRoot.PublicKey entry(SigningKey key) {
    return new TrustRoot.PublicKey(key.fingerprint().hex(), key.armoredPublicKey());
  }
}
