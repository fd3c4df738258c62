package org.openupdate.server.notify;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real SMTP server for the server under test: Debian's aiosmtpd (python3-aiosmtpd, installed by
 * .ci/run) in its own process, storing each message it accepts in a Maildir the test reads. The
 * server under test talks to it through a gate on another port that either passes the connection
 * through or, to play a dead SMTP server, accepts it and never answers.
 */
public class SmtpServer implements QuarkusTestResourceLifecycleManager {

  /** The one SMTP server of the running test profile (a test resource lives as long as it). */
  private static volatile SmtpServer current;

  private Process process;
  private Path maildir;
  private Gate gate;

  static SmtpServer current() {
    return current;
  }

  @Override
  public Map<String, String> start() {
    try {
      maildir = Files.createTempDirectory("i13-smtp-");
      int port;
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = probe.getLocalPort();
      }
      process =
          new ProcessBuilder(
                  "/usr/bin/python3",
                  "-m",
                  "aiosmtpd",
                  "-n",
                  "-l",
                  "127.0.0.1:" + port,
                  "-c",
                  "aiosmtpd.handlers.Mailbox",
                  maildir.resolve("box").toString())
              .redirectErrorStream(true)
              .redirectOutput(maildir.resolve("aiosmtpd.log").toFile())
              .start();
      awaitListening(port);
      gate = new Gate(port);
      current = this;
      return Map.of(
          "openupdate.notify.smtp.host", "127.0.0.1",
          "openupdate.notify.smtp.port", Integer.toString(gate.port()),
          // aiosmtpd here offers no STARTTLS; production keeps the default, required.
          "openupdate.notify.smtp.start-tls", "optional",
          "openupdate.notify.smtp.timeout", "10s",
          "openupdate.notify.smtp.from", "updates@openupdate.test");
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot start aiosmtpd (apt-get install python3-aiosmtpd): " + e.getMessage(), e);
    }
  }

  private void awaitListening(int port) throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "aiosmtpd exited: " + Files.readString(maildir.resolve("aiosmtpd.log")));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }
    }
    throw new IOException("aiosmtpd did not listen on " + port + " within 15 s");
  }

  /** What the gate does with new connections. */
  enum Mode {
    /** To aiosmtpd. */
    PASS,
    /** Accepted and never answered: a server that hangs. */
    HANG,
    /** Accepted and closed at once: a server that is gone. */
    REFUSE
  }

  void mode(Mode mode) {
    gate.mode = mode;
  }

  /** Closes the connections left hanging, as a hung server finally does. */
  void dropHanging() {
    gate.dropHanging();
  }

  /** Connections the dead server accepted (and left hanging). */
  int hangingConnections() {
    return gate.hung.get();
  }

  /** Every message the SMTP server accepted, as stored (RFC 5322 bytes). */
  List<String> messages() throws IOException {
    Path box = maildir.resolve("box").resolve("new");
    if (!Files.isDirectory(box)) {
      return List.of();
    }
    List<String> messages = new ArrayList<>();
    try (Stream<Path> files = Files.list(box)) {
      for (Path file : files.sorted().toList()) {
        messages.add(Files.readString(file, StandardCharsets.UTF_8));
      }
    }
    return messages;
  }

  @Override
  public void stop() {
    current = null;
    if (gate != null) {
      gate.close();
    }
    if (process != null) {
      process.destroy();
    }
  }

  /** Passes SMTP connections to aiosmtpd, or plays a server that accepts and never speaks. */
  private static final class Gate {
    private final ServerSocket server;
    private final int target;
    private final List<Socket> open = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Socket> hanging = new java.util.concurrent.CopyOnWriteArrayList<>();
    final AtomicInteger hung = new AtomicInteger();
    volatile Mode mode = Mode.PASS;

    Gate(int target) throws IOException {
      this.target = target;
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread accept = new Thread(this::accept, "smtp-gate");
      accept.setDaemon(true);
      accept.start();
    }

    int port() {
      return server.getLocalPort();
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          open.add(client);
          if (mode == Mode.REFUSE) {
            // A reset, as from a host whose SMTP server is gone.
            client.setSoLinger(true, 0);
            client.close();
            continue;
          }
          if (mode == Mode.HANG) {
            hanging.add(client);
            hung.incrementAndGet();
            continue;
          }
          Socket upstream = new Socket("127.0.0.1", target);
          open.add(upstream);
          pipe(client.getInputStream(), upstream.getOutputStream(), upstream);
          pipe(upstream.getInputStream(), client.getOutputStream(), client);
        } catch (IOException e) {
          // closed, or one connection failed: the client sees it as a dead server
        }
      }
    }

    private static void pipe(InputStream in, OutputStream out, Socket closeAfter) {
      Thread thread =
          new Thread(
              () -> {
                try (closeAfter) {
                  in.transferTo(out);
                } catch (IOException e) {
                  // the other side closed
                }
              },
              "smtp-gate-pipe");
      thread.setDaemon(true);
      thread.start();
    }

    void dropHanging() {
      for (Socket socket : hanging) {
        try {
          socket.close();
        } catch (IOException e) {
          // closing anyway
        }
      }
      hanging.clear();
    }

    void close() {
      try {
        server.close();
      } catch (IOException e) {
        // closing anyway
      }
      for (Socket socket : open) {
        try {
          socket.close();
        } catch (IOException e) {
          // closing anyway
        }
      }
    }
  }
}
