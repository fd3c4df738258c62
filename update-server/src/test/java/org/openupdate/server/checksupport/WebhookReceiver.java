package org.openupdate.server.checksupport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real HTTP receiver on 127.0.0.1 that records what webhooks (and Slack, Teams) POST to it. */
public final class WebhookReceiver implements AutoCloseable {

  /** One delivery: the exact body bytes and the headers the server sent. */
  public record Delivery(byte[] body, Map<String, String> headers) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public String signature() {
      return headers.get("x-openupdate-signature");
    }

    public String timestamp() {
      return headers.get("x-openupdate-timestamp");
    }

    public String eventId() {
      return headers.get("x-openupdate-event-id");
    }
  }

  private final HttpServer server;
  private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
  private final List<Delivery> all = new CopyOnWriteArrayList<>();

  public WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          Map<String, String> headers = new java.util.HashMap<>();
          exchange
              .getRequestHeaders()
              .forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
          Delivery delivery = new Delivery(body, Map.copyOf(headers));
          all.add(delivery);
          deliveries.add(delivery);
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** Every delivery received so far, in order. */
  public List<Delivery> all() {
    return List.copyOf(all);
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
