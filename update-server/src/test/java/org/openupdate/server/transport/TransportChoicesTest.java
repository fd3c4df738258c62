package org.openupdate.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/**
 * Real TLS with the choices of {@link TransportChoicesProfile}: a TLS 1.2 client is served when the
 * operator admits 1.2, an agent is the client its certificate's URI names, and its rate is counted
 * by that name, whatever it claims.
 */
@QuarkusTest
@TestProfile(TransportChoicesProfile.class)
class TransportChoicesTest {

  @TestHTTPResource(value = "/", tls = true)
  URL https;

  private final TestCertificates certificates =
      TestCertificates.open(TransportChoicesProfile.DIRECTORY);

  private HttpClient client(TestCertificates.Client agent, String protocol) {
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(new String[] {protocol});
    return HttpClient.newBuilder()
        .sslContext(certificates.sslContext(agent))
        .sslParameters(parameters)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  /** An agent whose certificate's CN is not its client id: its URI is. */
  private TestCertificates.Client agent(String uri) {
    return certificates.issueClient("host-" + UUID.randomUUID(), uri);
  }

  private HttpResponse<String> check(HttpClient client, String clientId)
      throws IOException, InterruptedException {
    return MutualTlsTest.check(client, https, clientId);
  }

  private HttpResponse<String> report(HttpClient client, String clientId)
      throws IOException, InterruptedException {
    String report =
        "{\"reportId\":\"report-"
            + UUID.randomUUID()
            + "\",\"clientId\":\""
            + clientId
            + "\",\"version\":\"1.0.0\",\"channel\":\"stable\",\"status\":\"completed\","
            + "\"timestamp\":\"2026-01-01T00:00:00Z\"}";
    return client.send(
        HttpRequest.newBuilder(URI.create(https + "api/v1/updates/status"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(report))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldServeATls12ClientWhenTheOperatorAdmitsTls12() throws Exception {
    String id = "urn:openupdate:client:tls12-" + UUID.randomUUID();

    HttpResponse<String> answer = check(client(agent(id), "TLSv1.2"), id);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(answer.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.2");
  }

  @Test
  void shouldKnowAnAgentByTheUriItsCertificateNames() throws Exception {
    String id = "urn:openupdate:client:host-42-" + UUID.randomUUID();
    String commonName = "host-42-" + UUID.randomUUID();
    HttpClient agent = client(certificates.issueClient(commonName, id), "TLSv1.3");

    assertThat(check(agent, id).statusCode()).isEqualTo(200);
    HttpResponse<String> asItsCommonName = check(agent, commonName);
    assertThat(asItsCommonName.statusCode()).isEqualTo(403);
    assertThat(asItsCommonName.body()).contains("names client '" + id + "'");
    HttpResponse<String> reportAsAnother = report(agent, "urn:openupdate:client:someone-else");
    assertThat(reportAsAnother.statusCode()).isEqualTo(403);
    assertThat(reportAsAnother.body()).contains("\"field\":\"/clientId\"");
  }

  @Test
  void shouldRefuseACertificateWithoutAUriWhenUrisNameClients() throws Exception {
    HttpResponse<String> answer = check(client(agent(null), "TLSv1.3"), null);

    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(answer.body()).contains("names no client id (URI subject alternative name)");
  }

  @Test
  void shouldLimitTheRateOfTheClientItsCertificateNames() throws Exception {
    String id = "urn:openupdate:client:busy-" + UUID.randomUUID();
    HttpClient agent = client(agent(id), "TLSv1.3");

    // No X-Client-Id: the certificate's URI is the client whose bucket pays.
    assertThat(check(agent, null).statusCode()).isEqualTo(200);
    assertThat(check(agent, null).statusCode()).isEqualTo(200);
    HttpResponse<String> third = check(agent, null);

    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(third.body()).contains("client '" + id + "'");
    assertThat(third.headers().firstValue("Retry-After")).isPresent();
    // Another certificate from the same address still gets its own bucket.
    String other = "urn:openupdate:client:calm-" + UUID.randomUUID();
    assertThat(check(client(agent(other), "TLSv1.3"), null).statusCode()).isEqualTo(200);
  }
}
