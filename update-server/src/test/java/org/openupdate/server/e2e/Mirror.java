package org.openupdate.server.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A third-party mirror or CDN the test controls (JDK HTTP server on 127.0.0.1): it serves whatever
 * bytes it is given under a path, which is how a compromised mirror tampers, sends more than was
 * signed, or replays an old answer.
 */
final class Mirror implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, String> upstreams = new ConcurrentHashMap<>();
  private final HttpClient client = HttpClient.newHttpClient();

  Mirror() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::serve);
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  String root() {
    return url("/");
  }

  void put(String path, byte[] bytes) {
    files.put(path, bytes);
  }

  /**
   * Forwards requests under {@code prefix} that no {@link #put} file answers to {@code upstream}
   * (the real server): a mirror that freezes some answers and passes the rest, reports included.
   */
  void forward(String prefix, String upstream) {
    upstreams.put(
        prefix, upstream.endsWith("/") ? upstream.substring(0, upstream.length() - 1) : upstream);
  }

  private boolean forwarded(HttpExchange exchange, byte[] body) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String upstream =
        upstreams.entrySet().stream()
            .filter(e -> path.startsWith(e.getKey()))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElse(null);
    if (upstream == null) {
      return false;
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(upstream + exchange.getRequestURI()))
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (name.toLowerCase(java.util.Locale.ROOT).startsWith("x-")
                  || name.equalsIgnoreCase("content-type")
                  || name.equalsIgnoreCase("accept")) {
                values.forEach(v -> request.header(name, v));
              }
            });
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    response
        .headers()
        .firstValue("content-type")
        .ifPresent(type -> exchange.getResponseHeaders().add("Content-Type", type));
    byte[] answer = response.body();
    exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
    if (answer.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    }
    exchange.close();
    return true;
  }

  private void serve(HttpExchange exchange) throws IOException {
    byte[] request = exchange.getRequestBody().readAllBytes();
    byte[] body = files.get(exchange.getRequestURI().getPath());
    if (body == null && forwarded(exchange, request)) {
      return;
    }
    if (body == null) {
      exchange.sendResponseHeaders(404, -1);
    } else {
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
