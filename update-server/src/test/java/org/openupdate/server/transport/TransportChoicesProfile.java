package org.openupdate.server.transport;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.Map;

/**
 * The transport choices an operator may make beyond the defaults of {@link MutualTlsProfile}: TLS
 * 1.2 admitted besides 1.3, client ids from the certificates' URI subject alternative names, and
 * rate limits on (small enough to reach in a test: 2 polls per client).
 */
public class TransportChoicesProfile implements QuarkusTestProfile {

  /** Its own CA: the files of {@link MutualTlsProfile#DIRECTORY} belong to another Quarkus run. */
  static final Path DIRECTORY = Path.of("target", "tls-test-choices");

  @Override
  public Map<String, String> getConfigOverrides() {
    TestCertificates certificates = TestCertificates.create(DIRECTORY);
    return Map.ofEntries(
        Map.entry("quarkus.tls.key-store.pem.0.cert", certificates.serverCertificate().toString()),
        Map.entry("quarkus.tls.key-store.pem.0.key", certificates.serverKey().toString()),
        Map.entry("quarkus.tls.trust-store.pem.certs", certificates.caCertificate().toString()),
        Map.entry("quarkus.tls.protocols", "TLSv1.3,TLSv1.2"),
        Map.entry("quarkus.http.ssl.client-auth", "request"),
        Map.entry("quarkus.http.test-ssl-port", "0"),
        Map.entry("openupdate.tls.require-client-certificates", "true"),
        Map.entry("openupdate.tls.client-id-from", "san-uri"),
        Map.entry("openupdate.rate-limit.enabled", "true"),
        Map.entry("openupdate.rate-limit.per-client.requests-per-minute", "1"),
        Map.entry("openupdate.rate-limit.per-client.burst", "2"));
  }
}
