package org.openupdate.server.checksupport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real HTTP receiver on 127.0.0.1 that records what webhooks POST to it. */
public final class WebhookReceiver implements AutoCloseable {

  /** One delivery: the exact body bytes and the signature header. */
  public record Delivery(byte[] body, String signature) {
    public String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private final HttpServer server;
  private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();

  public WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          deliveries.add(
              new Delivery(body, exchange.getRequestHeaders().getFirst("X-OpenUpdate-Signature")));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** The next delivery whose body contains {@code text}, waiting up to ten seconds. */
  public Delivery await(String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      Delivery d = deliveries.poll(200, TimeUnit.MILLISECONDS);
      if (d != null && d.text().contains(text)) {
        return d;
      }
    }
    throw new AssertionError("no webhook delivery containing " + text);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
