package org.openupdate.client.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.client.internal.config.ConfigLoader;
import org.openupdate.client.testing.AgentHome;

/** Against a raw socket that writes an HTTP answer a byte at a time, as slowly as a test likes. */
class HttpTest {
  @TempDir Path dir;
  private ServerSocket socket;

  @AfterEach
  void stop() throws IOException {
    socket.close();
  }

  private Http http(Map<String, Object> settings) {
    return new Http(
        ConfigLoader.load(
            new AgentHome(dir, "http://127.0.0.1:1").set("http", settings).writeConfig()));
  }

  /** Answers one request: {@code head} at once, then {@code dribbled} a byte every 100 ms. */
  private URI answering(String head, String dribbled) throws IOException {
    socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread thread =
        new Thread(
            () -> {
              try (Socket client = socket.accept()) {
                OutputStream out = client.getOutputStream();
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                for (byte b : dribbled.getBytes(StandardCharsets.US_ASCII)) {
                  out.write(b);
                  out.flush();
                  Thread.sleep(100);
                }
                // Then silence, until the client hangs up.
                client.getInputStream().readAllBytes();
              } catch (IOException | InterruptedException e) {
                // The client hung up.
              }
            });
    thread.setDaemon(true);
    thread.start();
    return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/api/v1/updates/check");
  }

  @Test
  void shouldGiveUpOnHeadersDribbledPastTheDeadline() throws IOException {
    URI uri =
        answering("", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Padding: " + "a".repeat(100));
    Http http = http(Map.of("deadline", 1, "requestTimeout", 30));

    assertThatThrownBy(() -> http.get(uri, Map.of(), 1000))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("did not answer within 1 s (slow retrieval)");
  }

  @Test
  void shouldLetABodyOutlastTheRequestTimeoutWhileItIsFastEnough() throws IOException {
    URI uri = answering("HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n", "x".repeat(20));
    Http http =
        http(
            Map.of(
                "requestTimeout",
                1,
                "deadline",
                30,
                "minBytesPerSecond",
                1,
                "throughputWindow",
                1));

    Http.Response response = http.get(uri, Map.of(), 1000);

    assertThat(response.body()).hasSize(20);
  }

  @Test
  void shouldGiveUpOnABodyThatFallsSilent() throws IOException {
    URI uri = answering("HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\nabc", "");
    Http http = http(Map.of("deadline", 30, "minBytesPerSecond", 0, "throughputWindow", 1));

    assertThatThrownBy(() -> http.get(uri, Map.of(), 1000))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("sent nothing for 1 s (slow retrieval)");
  }
}
