package org.openupdate.client.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.openupdate.manifest.CheckResponse;
import org.openupdate.manifest.ManifestJson;
import org.openupdate.manifest.SchemaType;
import org.openupdate.manifest.SchemaValidator;
import org.openupdate.manifest.StatusReport;

/**
 * A real HTTP server (JDK httpserver on 127.0.0.1) speaking the update contract, with switches to
 * misbehave: drop a download halfway, send endless data, trickle, ignore Range, be down for
 * reports, answer 503 with Retry-After.
 */
public final class FakeUpdateServer implements AutoCloseable {
  /** How an artifact is served. */
  public enum Mode {
    NORMAL,
    DROP_HALFWAY_ONCE,
    STALL_AFTER_HALF,
    ENDLESS,
    TRICKLE,
    IGNORE_RANGE
  }

  private final HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, Mode> modes = new ConcurrentHashMap<>();
  private final List<StatusReport> reports = new CopyOnWriteArrayList<>();
  private final List<String> rangeRequests = new CopyOnWriteArrayList<>();
  private final Map<String, String> lastCheckHeaders = new ConcurrentHashMap<>();
  private final AtomicInteger notModified = new AtomicInteger();
  // By the X-Product asked for, "" for any: the agent checks for itself besides the application.
  private final Map<String, CheckResponse> offers = new ConcurrentHashMap<>();

  /** Bytes answered to every check instead of the offers, when set (answerChecks). */
  private volatile byte[] rawCheckAnswer;

  private volatile boolean statusDown;
  private volatile int checkStatus = 200;
  private volatile byte[] checkProblem;
  private final Map<String, Integer> dribbles = new ConcurrentHashMap<>();
  private volatile Duration dribbleDelay;
  private final AtomicInteger dribbling = new AtomicInteger();
  private final Map<String, String> redirects = new ConcurrentHashMap<>();
  private final List<String> requested = new CopyOnWriteArrayList<>();
  private volatile boolean etags = true;
  private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
  private volatile String lastClientCertificate = "";

  private final String scheme;

  public FakeUpdateServer() throws IOException {
    this(null);
  }

  /** With a TLS context the server speaks HTTPS only. */
  public FakeUpdateServer(SSLContext tls) throws IOException {
    this(tls, false);
  }

  /**
   * With a TLS context the server speaks HTTPS only, and with {@code needClientAuth} only to
   * clients presenting a certificate its context trusts.
   */
  public FakeUpdateServer(SSLContext tls, boolean needClientAuth) throws IOException {
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls == null) {
      server = HttpServer.create(loopback, 0);
      scheme = "http";
    } else {
      HttpsServer https = HttpsServer.create(loopback, 0);
      https.setHttpsConfigurator(
          new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters parameters) {
              SSLParameters ssl = tls.getDefaultSSLParameters();
              ssl.setNeedClientAuth(needClientAuth);
              parameters.setSSLParameters(ssl);
            }
          });
      server = https;
      scheme = "https";
    }
    server.createContext("/api/v1/updates/check", this::check);
    server.createContext("/api/v1/updates/status", this::status);
    server.createContext("/api/v1/releases/", this::file);
    server.createContext("/api/v1/trust/", this::file);
    server.createContext("/api/v1/artifacts/", this::artifact);
    server.setExecutor(
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "fake-update-server");
              thread.setDaemon(true);
              return thread;
            }));
    server.start();
  }

  public String url() {
    return scheme + "://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Offers {@code release} to every product: check answers point at its manifest and signature. */
  public void offer(Release release) {
    offer("", release, "");
  }

  /** Offers {@code release} to the clients that ask for {@code product} only. */
  public void offer(String product, Release release) {
    offer(product, release, "");
  }

  /**
   * Offers {@code release} with check answers pointing at its manifest and signature on {@code
   * origin} (absolute URLs; "" for paths on this server).
   */
  public void offerVia(Release release, String origin) {
    offer("", release, origin);
  }

  private void offer(String product, Release release, String origin) {
    String base =
        "/api/v1/releases/" + release.manifest().product() + "/" + release.manifest().version();
    files.put(base + "/manifest", release.manifestBytes());
    files.put(base + "/manifest.asc", release.signature());
    release.artifacts().forEach((sha, bytes) -> files.put("/api/v1/artifacts/" + sha, bytes));
    rawCheckAnswer = null;
    offers.put(
        product,
        new CheckResponse(
            true,
            release.manifest().version(),
            release.manifest().mandatory(),
            null,
            null,
            origin + base + "/manifest",
            origin + base + "/manifest.asc",
            sha256(release.manifestBytes()),
            release.manifest().expires(),
            release.manifest().recallOf() == null ? null : true));
  }

  /** Serves {@code bytes} at /api/v1/artifacts/{sha256} and returns the path. */
  public String putArtifact(byte[] bytes) {
    String path = "/api/v1/artifacts/" + sha256(bytes);
    files.put(path, bytes);
    return path;
  }

  /** Serves {@code bytes} at {@code path} (a release file or an artifact). */
  public void put(String path, byte[] bytes) {
    files.put(path, bytes);
  }

  /**
   * Serves artifacts without an ETag, like a plain mirror (the update server's ETag is the
   * artifact's SHA-256).
   */
  public void withoutEtags() {
    etags = false;
  }

  /** Answers 404 at {@code path} from now on. */
  public void remove(String path) {
    files.remove(path);
  }

  /** Answers checks with {@code body}, whatever it is. */
  public void answerChecks(byte[] body) {
    rawCheckAnswer = body;
  }

  /** Serves other bytes under an artifact's address: what a compromised mirror would do. */
  public void tamper(String sha256, byte[] bytes) {
    files.put("/api/v1/artifacts/" + sha256, bytes);
  }

  public void offerNothing() {
    rawCheckAnswer = null;
    offers.clear();
  }

  public void serve(String sha256, Mode mode) {
    modes.put(sha256, mode);
  }

  /**
   * The next {@code times} answers at {@code path} send their body one byte every {@code perByte}:
   * the slow-retrieval attack, sped up.
   */
  public void dribble(String path, int times, Duration perByte) {
    dribbleDelay = perByte;
    dribbles.put(path, times);
  }

  /** Answers requests for {@code path} with a 302 to {@code location}. */
  public void redirect(String path, String location) {
    redirects.put(path, location);
  }

  /** The paths asked for (checks, release files, artifacts), in order. */
  public List<String> requested() {
    return List.copyOf(requested);
  }

  /** Holds the next answer at {@code path} until the returned latch is counted down. */
  public CountDownLatch hold(String path) {
    CountDownLatch latch = new CountDownLatch(1);
    holds.put(path, latch);
    return latch;
  }

  /** How many answers are being dribbled right now. */
  public int dribbling() {
    return dribbling.get();
  }

  /** The path of {@code release}'s manifest ({@code .asc} appended: its signature). */
  public static String manifestPath(Release release) {
    return "/api/v1/releases/"
        + release.manifest().product()
        + "/"
        + release.manifest().version()
        + "/manifest";
  }

  public void statusDown(boolean down) {
    statusDown = down;
  }

  /** Answers checks with this bare status (200: normally again). */
  public void checkStatus(int status) {
    checkStatus = status;
    checkProblem = null;
  }

  /**
   * Refuses checks the way the real server does (RFC 9457 problem+json from its ProblemMapper),
   * e.g. {@code checkProblem(404, "not-found", "unknown product 'x'", "X-Product")}; a null {@code
   * header} sends no {@code errors}.
   */
  public void checkProblem(int status, String type, String detail, String header) {
    Map<String, Object> problem = new java.util.LinkedHashMap<>();
    problem.put("type", "https://openupdate.org/problems/" + type);
    problem.put("title", type);
    problem.put("status", status);
    problem.put("detail", detail);
    problem.put("instance", "/api/v1/updates/check");
    if (header != null) {
      problem.put("errors", List.of(Map.of("field", header, "message", detail)));
    }
    checkStatus = status;
    checkProblem = ManifestJson.write(problem);
  }

  public List<StatusReport> reports() {
    return List.copyOf(reports);
  }

  public List<String> rangeRequests() {
    return List.copyOf(rangeRequests);
  }

  public Map<String, String> lastCheckHeaders() {
    return Map.copyOf(lastCheckHeaders);
  }

  public int notModifiedAnswers() {
    return notModified.get();
  }

  /** The subject of the certificate the last check's client presented; empty for none. */
  public String lastClientCertificate() {
    return lastClientCertificate;
  }

  private void check(HttpExchange exchange) throws IOException {
    if (exchange instanceof HttpsExchange https) {
      try {
        lastClientCertificate = https.getSSLSession().getPeerPrincipal().getName();
      } catch (SSLPeerUnverifiedException e) {
        lastClientCertificate = "";
      }
    }
    if (redirected(exchange)) {
      return;
    }
    lastCheckHeaders.clear();
    exchange
        .getRequestHeaders()
        .forEach((name, values) -> lastCheckHeaders.put(name.toLowerCase(), values.get(0)));
    if (checkProblem != null) {
      exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
      respond(exchange, checkStatus, checkProblem);
      return;
    }
    if (checkStatus != 200) {
      exchange.getResponseHeaders().add("Retry-After", "120");
      respond(exchange, checkStatus, new byte[0]);
      return;
    }
    CheckResponse offer =
        offers.getOrDefault(
            String.valueOf(exchange.getRequestHeaders().getFirst("X-Product")), offers.get(""));
    // Like the real server: nothing is offered to a client that runs the offered version.
    byte[] raw = rawCheckAnswer;
    byte[] body =
        raw != null
            ? raw
            : ManifestJson.write(
                offer == null
                        || offer
                            .version()
                            .equals(exchange.getRequestHeaders().getFirst("X-Current-Version"))
                    ? CheckResponse.noUpdate()
                    : offer);
    String etag = "\"" + sha256(body).substring(0, 16) + "\"";
    exchange.getResponseHeaders().add("ETag", etag);
    if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
      notModified.incrementAndGet();
      exchange.sendResponseHeaders(304, -1);
      exchange.close();
      return;
    }
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    respond(exchange, 200, body);
  }

  private void status(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    if (statusDown) {
      respond(exchange, 503, new byte[0]);
      return;
    }
    // Hold the agent to the contract the real server enforces.
    var violations = SchemaValidator.instance().validate(SchemaType.STATUS_REPORT, body);
    if (!violations.isEmpty()) {
      respond(exchange, 400, violations.toString().getBytes(StandardCharsets.UTF_8));
      return;
    }
    StatusReport report = ManifestJson.read(body, StatusReport.class);
    if (reports.stream().noneMatch(r -> r.reportId().equals(report.reportId()))) {
      reports.add(report);
    }
    // A dribbled acknowledgement needs a body to dribble.
    boolean dribbled = dribbles.containsKey(exchange.getRequestURI().getPath());
    respond(
        exchange,
        202,
        dribbled ? " ".repeat(1000).getBytes(StandardCharsets.US_ASCII) : new byte[0]);
  }

  private void file(HttpExchange exchange) throws IOException {
    if (redirected(exchange)) {
      return;
    }
    CountDownLatch hold = holds.remove(exchange.getRequestURI().getPath());
    if (hold != null) {
      try {
        hold.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    byte[] body = files.get(exchange.getRequestURI().getPath());
    respond(exchange, body == null ? 404 : 200, body == null ? new byte[0] : body);
  }

  private void artifact(HttpExchange exchange) throws IOException {
    if (redirected(exchange)) {
      return;
    }
    String path = exchange.getRequestURI().getPath();
    byte[] body = files.get(path);
    if (body == null) {
      respond(exchange, 404, new byte[0]);
      return;
    }
    String sha = path.substring(path.lastIndexOf('/') + 1);
    Mode mode = modes.getOrDefault(sha, Mode.NORMAL);
    if (etags) {
      exchange.getResponseHeaders().add("ETag", "\"" + sha256(body) + "\"");
    }
    String range = exchange.getRequestHeaders().getFirst("Range");
    long from = 0;
    if (range != null && mode != Mode.IGNORE_RANGE) {
      rangeRequests.add(range);
      from = Long.parseLong(range.substring("bytes=".length(), range.indexOf('-')));
      if (from >= body.length) {
        exchange.getResponseHeaders().add("Content-Range", "bytes */" + body.length);
        respond(exchange, 416, new byte[0]);
        return;
      }
      exchange
          .getResponseHeaders()
          .add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
    }
    int status = range != null && mode != Mode.IGNORE_RANGE ? 206 : 200;
    try (OutputStream out = exchange.getResponseBody()) {
      switch (mode) {
        case ENDLESS -> {
          exchange.sendResponseHeaders(200, 0);
          byte[] chunk = new byte[8192];
          out.write(body);
          for (int i = 0; i < 10_000; i++) {
            out.write(chunk);
          }
        }
        case TRICKLE -> {
          exchange.sendResponseHeaders(status, body.length - from);
          for (long i = from; i < body.length; i++) {
            out.write(body[(int) i]);
            out.flush();
            sleep(200);
          }
        }
        case STALL_AFTER_HALF -> {
          exchange.sendResponseHeaders(status, body.length - from);
          out.write(body, (int) from, (body.length - (int) from) / 2);
          out.flush();
          sleep(120_000);
        }
        case DROP_HALFWAY_ONCE -> {
          modes.put(sha, Mode.NORMAL);
          exchange.sendResponseHeaders(status, body.length - from);
          out.write(body, (int) from, (body.length - (int) from) / 2);
          out.flush();
          // Closing the connection mid-body is what a network failure looks like to the client.
          throw new IOException("dropping the connection halfway");
        }
        default -> {
          exchange.sendResponseHeaders(status, body.length - from);
          out.write(body, (int) from, body.length - (int) from);
        }
      }
    } catch (IOException e) {
      exchange.close();
    }
  }

  private boolean redirected(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    requested.add(path);
    String location = redirects.get(path);
    if (location != null) {
      exchange.getResponseHeaders().add("Location", location);
      respond(exchange, 302, new byte[0]);
    }
    return location != null;
  }

  private void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (body.length > 0 && dribbles.computeIfPresent(path, (p, n) -> n - 1) != null) {
      dribbles.remove(path, 0);
      exchange.sendResponseHeaders(status, body.length);
      dribbling.incrementAndGet();
      try (OutputStream out = exchange.getResponseBody()) {
        for (byte b : body) {
          out.write(b);
          out.flush();
          sleep(dribbleDelay.toMillis());
        }
      } catch (IOException e) {
        // The agent hung up on us, as it should.
      } finally {
        dribbling.decrementAndGet();
      }
      exchange.close();
      return;
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    exchange.close();
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
