package org.openupdate.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.server.transport.TransportConfig.ClientIdSource;

class CertificateNamesTest {

  @TempDir Path dir;

  @Test
  void shouldReadTheClientIdFromTheCommonNameOrTheUriAlternativeName() {
    var certificate =
        TestCertificates.create(dir)
            .issueClient("host-42", "urn:openupdate:client:host-42")
            .certificate();
    assertThat(CertificateNames.clientId(certificate, ClientIdSource.CN)).hasValue("host-42");
    assertThat(CertificateNames.clientId(certificate, ClientIdSource.SAN_URI))
        .hasValue("urn:openupdate:client:host-42");
  }

  @Test
  void shouldFindNoUriInACertificateWithoutOne() {
    var certificate = TestCertificates.create(dir).issueClient("host-42", null).certificate();
    assertThat(CertificateNames.clientId(certificate, ClientIdSource.SAN_URI)).isEmpty();
  }
}
