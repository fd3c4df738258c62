package org.openupdate.server.transport;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.Map;

/**
 * HTTPS with certificates of a CA made before Quarkus starts, client certificates required of
 * agents (their client id from the CN), and the certificates reloaded every second.
 */
public class MutualTlsProfile implements QuarkusTestProfile {

  /** Where the CA, its key and the server's certificate lie during the test. */
  public static final Path DIRECTORY = Path.of("target", "tls-test");

  @Override
  public Map<String, String> getConfigOverrides() {
    TestCertificates certificates = TestCertificates.create(DIRECTORY);
    return Map.of(
        "quarkus.tls.key-store.pem.0.cert", certificates.serverCertificate().toString(),
        "quarkus.tls.key-store.pem.0.key", certificates.serverKey().toString(),
        "quarkus.tls.trust-store.pem.certs", certificates.caCertificate().toString(),
        "quarkus.tls.reload-period", "1s",
        "quarkus.http.ssl.client-auth", "request",
        "quarkus.http.test-ssl-port", "0",
        "openupdate.tls.require-client-certificates", "true");
  }
}
