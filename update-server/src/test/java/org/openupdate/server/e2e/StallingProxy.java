package org.openupdate.server.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An HTTP forward proxy between the agent and the real server (the agent's {@code http.proxy}).
 * While stalling, it passes the first half of an artifact and then goes silent, so a test can kill
 * the agent mid-download; it records the {@code Range} headers it forwards.
 */
final class StallingProxy implements AutoCloseable {
  private static final List<String> FORWARDED =
      List.of(
          "Range",
          "If-None-Match",
          "Content-Type",
          "Accept",
          "X-Current-Version",
          "X-Channel",
          "X-Client-Id",
          "X-Product",
          "X-Platform",
          "X-License-Key");
  private final HttpServer server;
  private final List<String> ranges = new CopyOnWriteArrayList<>();
  private volatile boolean stalling;

  StallingProxy() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::forward);
    server.setExecutor(
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "stalling-proxy");
              thread.setDaemon(true);
              return thread;
            }));
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void stalling(boolean value) {
    stalling = value;
  }

  List<String> forwardedRanges() {
    return List.copyOf(ranges);
  }

  private void forward(HttpExchange exchange) throws IOException {
    // A proxy request carries the absolute URI of the real server.
    URI target = exchange.getRequestURI();
    HttpURLConnection upstream = (HttpURLConnection) target.toURL().openConnection();
    upstream.setRequestMethod(exchange.getRequestMethod());
    for (String header : FORWARDED) {
      String value = exchange.getRequestHeaders().getFirst(header);
      if (value != null) {
        upstream.setRequestProperty(header, value);
        if (header.equals("Range")) {
          ranges.add(value);
        }
      }
    }
    byte[] requestBody = exchange.getRequestBody().readAllBytes();
    if (requestBody.length > 0) {
      upstream.setDoOutput(true);
      try (OutputStream out = upstream.getOutputStream()) {
        out.write(requestBody);
      }
    }
    int status = upstream.getResponseCode();
    upstream
        .getHeaderFields()
        .forEach(
            (name, values) -> {
              if (name != null
                  && !name.equalsIgnoreCase("Transfer-Encoding")
                  && !name.equalsIgnoreCase("Content-Length")) {
                exchange.getResponseHeaders().put(name, values);
              }
            });
    InputStream in = status >= 400 ? upstream.getErrorStream() : upstream.getInputStream();
    byte[] body = in == null ? new byte[0] : in.readAllBytes();
    boolean artifact = target.getPath().startsWith("/api/v1/artifacts/");
    try (OutputStream out = exchange.getResponseBody()) {
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      if (artifact && stalling) {
        out.write(body, 0, body.length / 2);
        out.flush();
        Thread.sleep(120_000);
      } else {
        out.write(body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
