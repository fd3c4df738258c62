package org.openupdate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.client.testing.Release.aRelease;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.client.UpdateClient.Outcome;
import org.openupdate.client.testing.AgentHome;
import org.openupdate.client.testing.FakeUpdateServer;
import org.openupdate.client.testing.TestPki;

/**
 * A self-hosted server with its own CA (made in the test): trusted through http.caCertificates,
 * pinned by its key, asking for the agent's client certificate.
 */
class TlsTest {
  @TempDir Path dir;
  private final TestPki pki = new TestPki();
  private final TestPki.Issued serverCertificate = pki.server();
  private FakeUpdateServer server;
  private AgentHome home;

  private void start(boolean needClientAuth) throws IOException {
    server = new FakeUpdateServer(pki.serverContext(serverCertificate), needClientAuth);
    home = new AgentHome(dir, server.url());
    pki.writeCa(dir.resolve("ca.pem"));
    server.offer(aRelease("2.0.0").build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private UpdateClient.Result applyWith(Map<String, Object> http) {
    Map<String, Object> settings = new LinkedHashMap<>(http);
    settings.put("caCertificates", "ca.pem");
    home.set("http", settings);
    return home.client().apply(false);
  }

  @Test
  void shouldInstallOverHttpsTrustingTheConfiguredCa() throws IOException {
    start(false);

    var result = applyWith(Map.of());

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.INSTALLED);
  }

  @Test
  void shouldNotTrustAnUnknownCaWithoutConfiguration() throws IOException {
    start(false);

    var result = home.client().apply(false);

    assertThat(result.outcome()).isEqualTo(Outcome.UNREACHABLE);
    assertThat(home.install().resolve("current")).doesNotExist();
  }

  @Test
  void shouldInstallFromAServerWhoseKeyIsPinned() throws IOException {
    start(false);

    var result = applyWith(Map.of("pins", List.of(serverCertificate.pin())));

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.INSTALLED);
  }

  @Test
  void shouldAcceptTheServerByItsBackupPin() throws IOException {
    start(false);

    var result = applyWith(Map.of("pins", List.of(TestPki.unusedPin(), serverCertificate.pin())));

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.INSTALLED);
  }

  @Test
  void shouldRefuseAServerTheCaTrustsButNoPinNames() throws IOException {
    start(false);
    String wrong = TestPki.unusedPin();

    var result = applyWith(Map.of("pins", List.of(wrong)));

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.REFUSED);
    assertThat(result.message())
        .contains(serverCertificate.pin(), "none of them pinned in 'http.pins' [" + wrong + "]");
    assertThat(home.install().resolve("current")).doesNotExist();
  }

  @Test
  void shouldRefuseAPinnedServerTheCaDoesNotTrust() throws IOException {
    start(false);
    // Another CA than the one that issued the server's certificate.
    new TestPki().writeCa(dir.resolve("other-ca.pem"));
    home.set(
        "http", Map.of("caCertificates", "other-ca.pem", "pins", List.of(serverCertificate.pin())));

    assertRefusedByTheCaCheckBeforeAnyRequest();
  }

  @Test
  void shouldRefuseAPinnedServerNoSystemCaTrusts() throws IOException {
    start(false);
    // The pin alone, without http.caCertificates: the system's CAs must trust the server too.
    home.set("http", Map.of("pins", List.of(serverCertificate.pin())));

    assertRefusedByTheCaCheckBeforeAnyRequest();
  }

  @Test
  void shouldPresentAPemClientCertificateToAServerThatRequiresOne() throws IOException {
    start(true);
    TestPki.Issued client = pki.client("agent-pem");
    pki.writeCertificate(client, dir.resolve("client.pem"));
    pki.writeKey(client, dir.resolve("client.key"));

    var result = applyWith(Map.of("clientCertificate", "client.pem", "clientKey", "client.key"));

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.INSTALLED);
    assertThat(server.lastClientCertificate()).isEqualTo("CN=agent-pem");
  }

  @Test
  void shouldPresentAPkcs12ClientCertificateWithThePasswordFromAFile() throws IOException {
    start(true);
    pki.writePkcs12(pki.client("agent-p12"), dir.resolve("client.p12"), "s3cret");
    Files.writeString(dir.resolve("client.p12.password"), "s3cret\n");

    var result =
        applyWith(
            Map.of(
                "clientKeyStore",
                "client.p12",
                "clientKeyStorePasswordFile",
                "client.p12.password"));

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.INSTALLED);
    assertThat(server.lastClientCertificate()).isEqualTo("CN=agent-p12");
  }

  @Test
  void shouldNotReachAServerThatRequiresAClientCertificateWithoutOne() throws IOException {
    start(true);

    var result = applyWith(Map.of());

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.UNREACHABLE);
  }

  /** The pin matched, but no trusted CA signed the certificate: the handshake failed first. */
  private void assertRefusedByTheCaCheckBeforeAnyRequest() {
    var result = home.client().apply(false);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.UNREACHABLE);
    assertThat(result.message()).contains("PKIX");
    assertThat(server.requested()).isEmpty();
    assertThat(home.install().resolve("current")).doesNotExist();
  }
}
