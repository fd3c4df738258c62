package org.openupdate.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/**
 * Real TLS against a CA made for the test: TLS 1.3 only, agents identified by their certificate,
 * certificates renewed without a restart.
 */
@QuarkusTest
@TestProfile(MutualTlsProfile.class)
class MutualTlsTest {

  @TestHTTPResource(value = "/", tls = true)
  URL https;

  private final TestCertificates certificates = TestCertificates.open(MutualTlsProfile.DIRECTORY);

  private HttpClient client(TestCertificates.Client agent, String... protocols) {
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(protocols.length == 0 ? new String[] {"TLSv1.3"} : protocols);
    return HttpClient.newBuilder()
        .sslContext(certificates.sslContext(agent))
        .sslParameters(parameters)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  private HttpResponse<String> check(HttpClient client, String clientId)
      throws IOException, InterruptedException {
    return check(client, https, clientId);
  }

  /** An update check over {@code client}'s TLS connection, as {@code clientId} when not null. */
  static HttpResponse<String> check(HttpClient client, URL server, String clientId)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server + "api/v1/updates/check"))
            .header("X-Current-Version", "0.0.1")
            .header("X-Channel", "stable");
    if (clientId != null) {
      request.header("X-Client-Id", clientId);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldAnswerAnAgentWhoseCertificateNamesItsClientId() throws Exception {
    HttpClient agent = client(certificates.issueClient("agent-1", null));
    assertThat(check(agent, "agent-1").statusCode()).isEqualTo(200);
    assertThat(check(agent, null).statusCode())
        .as("without X-Client-Id the certificate names the client")
        .isEqualTo(200);
  }

  @Test
  void shouldRefuseAnAgentCheckingAsAnotherClient() throws Exception {
    HttpResponse<String> answer =
        check(client(certificates.issueClient("agent-1", null)), "agent-2");
    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(answer.body())
        .contains("\"field\":\"X-Client-Id\"")
        .contains("names client 'agent-1', not 'agent-2'");
  }

  @Test
  void shouldRefuseAReportForAnotherClient() throws Exception {
    String report =
        "{\"reportId\":\"report-tls-0001\",\"clientId\":\"agent-2\",\"version\":\"1.0.0\","
            + "\"channel\":\"stable\",\"status\":\"completed\",\"timestamp\":\"2026-01-01T00:00:00Z\"}";
    HttpResponse<String> answer =
        client(certificates.issueClient("agent-1", null))
            .send(
                HttpRequest.newBuilder(URI.create(https + "api/v1/updates/status"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(report))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(answer.body()).contains("\"field\":\"/clientId\"");
  }

  @Test
  void shouldRefuseAClientWithoutACertificate() throws Exception {
    HttpResponse<String> answer = check(client(null), "agent-1");
    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.body()).contains("https://openupdate.org/problems/certificate-required");
  }

  @Test
  void shouldRefuseTheAgentApiOverPlainHttp() {
    RestAssured.given()
        .header("X-Current-Version", "0.0.1")
        .header("X-Channel", "stable")
        .get("/api/v1/updates/check")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
  }

  @Test
  void shouldRefuseAClientThatSpeaksOnlyTls12() {
    HttpClient tls12 = client(certificates.issueClient("agent-1", null), "TLSv1.2");
    assertThatThrownBy(() -> check(tls12, "agent-1")).isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void shouldServeARenewedCertificateWithoutARestart() throws Exception {
    BigInteger renewed = certificates.issueServerCertificate().getSerialNumber();
    Instant deadline = Instant.now().plusSeconds(20);
    Optional<BigInteger> served = servedSerial();
    while (!served.equals(Optional.of(renewed)) && Instant.now().isBefore(deadline)) {
      Thread.sleep(250);
      served = servedSerial();
    }
    assertThat(served).hasValue(renewed);
  }

  /**
   * A new connection each time, so that the handshake shows the certificate served now. Empty when
   * the handshake fails: a reload that falls between the writes of the key and the certificate
   * holds a mismatched pair until the next reload a second later.
   */
  private Optional<BigInteger> servedSerial() throws Exception {
    HttpResponse<String> answer;
    try {
      answer =
          client(certificates.issueClient("agent-1", null))
              .send(
                  HttpRequest.newBuilder(URI.create(https + "api/v1/keys")).build(),
                  HttpResponse.BodyHandlers.ofString());
    } catch (SSLHandshakeException midReload) {
      return Optional.empty();
    }
    X509Certificate certificate =
        (X509Certificate) answer.sslSession().orElseThrow().getPeerCertificates()[0];
    return Optional.of(certificate.getSerialNumber());
  }
}
