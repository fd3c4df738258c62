package org.openupdate.server.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A webhook receiver that takes a while over each delivery, on several threads, so that two
 * instances delivering the same event would overlap inside it.
 */
final class SlowReceiver implements AutoCloseable {

  private final HttpServer server;

  SlowReceiver(Consumer<String> onEventId) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext(
        "/hook",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          try {
            Thread.sleep(15);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          onEventId.accept(exchange.getRequestHeaders().getFirst("X-OpenUpdate-Event-Id"));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
