package org.openupdate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.client.testing.Release.aRelease;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.client.UpdateClient.Outcome;
import org.openupdate.client.testing.AgentHome;
import org.openupdate.client.testing.FakeUpdateServer;

/** A self-hosted server with its own CA: trusted through http.caCertificates only. */
class TlsTest {
  private static final char[] PASSWORD = "changeit".toCharArray();
  @TempDir Path dir;
  private FakeUpdateServer server;
  private AgentHome home;

  @BeforeEach
  void start() throws Exception {
    Path keystore = dir.resolve("server.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "EC",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "SAN=ip:127.0.0.1",
        "-validity",
        "2",
        "-keystore",
        keystore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "server",
        "-keystore",
        keystore.toString(),
        "-storepass",
        "changeit",
        "-file",
        dir.resolve("ca.pem").toString());
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, PASSWORD);
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    server = new FakeUpdateServer(tls);
    home = new AgentHome(dir, server.url());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void shouldInstallOverHttpsTrustingTheConfiguredCa() {
    home.set("http", Map.of("caCertificates", "ca.pem"));
    server.offer(aRelease("2.0.0").build());

    var result = home.client().apply(false);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.INSTALLED);
  }

  @Test
  void shouldNotTrustAnUnknownCaWithoutConfiguration() {
    server.offer(aRelease("2.0.0").build());

    var result = home.client().apply(false);

    assertThat(result.outcome()).isEqualTo(Outcome.UNREACHABLE);
    assertThat(home.install().resolve("current")).doesNotExist();
  }

  private static void keytool(String... args) throws Exception {
    var command =
        new java.util.ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }
}
