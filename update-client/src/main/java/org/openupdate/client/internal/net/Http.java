package org.openupdate.client.internal.net;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openupdate.client.internal.config.Settings;

/**
 * The agent's HTTP: every request has an overall deadline and every answer a throughput floor
 * ({@link Limits}), so no server, mirror or network in between can hold the agent by answering
 * slowly. Follows redirects only to origins it was told about. Honours the configured proxy and TLS
 * settings ({@link Tls}).
 */
public final class Http {
  private static final int MAX_REDIRECTS = 5;

  /** The agent's own version, from its jar's manifest; null when run from classes (tests). */
  private static final String AGENT_VERSION = Http.class.getPackage().getImplementationVersion();

  private final HttpClient client;
  private final Duration requestTimeout;
  private final Limits limits;
  private final Origins origins;

  /**
   * Slow-retrieval protection of one request: it must be complete within {@code deadline}, and once
   * the answer's headers are in, every {@code window} must bring at least {@code minBytesPerSecond}
   * on average (and at least one byte).
   */
  public record Limits(Duration deadline, long minBytesPerSecond, Duration window) {}

  public Http(Settings settings) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(settings.connectTimeout());
    settings
        .proxy()
        .ifPresent(
            p -> builder.proxy(ProxySelector.of(new InetSocketAddress(p.getHost(), p.getPort()))));
    Tls.context(settings).ifPresent(builder::sslContext);
    this.client = builder.build();
    this.requestTimeout = settings.requestTimeout();
    this.limits =
        new Limits(
            settings.httpDeadline(),
            settings.httpMinBytesPerSecond(),
            settings.httpThroughputWindow());
    this.origins = new Origins(settings.serverUrl(), settings.mirrors());
  }

  /** Where the agent fetches from on a server's word. */
  public Origins origins() {
    return origins;
  }

  /** A response whose body has been read fully, up to a limit. */
  public record Response(int status, Map<String, String> headers, byte[] body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** An answer whose body is still to be read, under the request's {@link Limits}. */
  public static final class Exchange implements Closeable {
    private final HttpResponse<InputStream> response;
    private final InputStream body;

    private Exchange(HttpResponse<InputStream> response, InputStream body) {
      this.response = response;
      this.body = body;
    }

    public int status() {
      return response.statusCode();
    }

    public Optional<String> header(String name) {
      return response.headers().firstValue(name);
    }

    /** The declared body length; -1 when not declared. */
    public long contentLength() {
      return response.headers().firstValueAsLong("Content-Length").orElse(-1);
    }

    public InputStream body() {
      return body;
    }

    @Override
    public void close() throws IOException {
      body.close();
    }
  }

  /**
   * GET whose body the caller streams (the downloader), under {@code limits}. Follows redirects
   * within the origin and to the server's and the mirrors' origins, at most {@value
   * #MAX_REDIRECTS}.
   *
   * @throws RefusedAnswerException on a redirect to any other origin
   */
  public Exchange open(URI uri, Map<String, String> headers, Limits limits) throws IOException {
    long deadlineAt = System.nanoTime() + limits.deadline().toNanos();
    URI at = uri;
    for (int redirects = 0; ; redirects++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(at).GET();
      headers.forEach(request::header);
      Exchange exchange = send(request, at, limits, deadlineAt);
      Optional<String> location = exchange.header("Location");
      if (exchange.status() / 100 != 3 || location.isEmpty() || exchange.status() == 304) {
        return exchange;
      }
      exchange.close();
      URI next;
      try {
        next = at.resolve(location.get());
      } catch (IllegalArgumentException e) {
        throw new IOException(at + " redirects to an invalid URL '" + location.get() + "'", e);
      }
      if (!Origins.of(next).equals(Origins.of(at)) && !origins.allow(next)) {
        throw new RefusedAnswerException(
            at + " redirects to " + next + ", but " + origins.refusing(next) + "; refused");
      }
      if (redirects == MAX_REDIRECTS) {
        throw new IOException(uri + " redirects more than " + MAX_REDIRECTS + " times");
      }
      at = next;
    }
  }

  /**
   * GET, reading at most {@code maxBytes} of body.
   *
   * @throws RefusedAnswerException for a longer body: it is refused, not truncated
   */
  public Response get(URI uri, Map<String, String> headers, int maxBytes) throws IOException {
    try (Exchange exchange = open(uri, headers, limits)) {
      return read(exchange, uri, maxBytes);
    }
  }

  /** POST a JSON body. */
  public Response postJson(URI uri, byte[] json) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .POST(HttpRequest.BodyPublishers.ofByteArray(json))
            .header("Content-Type", "application/json");
    try (Exchange exchange =
        send(request, uri, limits, System.nanoTime() + limits.deadline().toNanos())) {
      return read(exchange, uri, 64 * 1024);
    }
  }

  private Exchange send(HttpRequest.Builder request, URI uri, Limits limits, long deadlineAt)
      throws IOException {
    if (AGENT_VERSION != null) {
      request.header("X-Agent-Version", AGENT_VERSION);
    }
    Duration left = Duration.ofNanos(deadlineAt - System.nanoTime());
    if (left.isNegative() || left.isZero()) {
      throw new IOException(
          uri + " passed its deadline of " + limits.deadline().toSeconds() + " s (slow retrieval)");
    }
    // The request timeout ends once the headers are in; the guard watches the body after that.
    Duration headers = requestTimeout.compareTo(left) < 0 ? requestTimeout : left;
    HttpResponse<InputStream> response;
    try {
      response =
          client.send(request.timeout(headers).build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new IOException(
          uri
              + " did not answer within "
              + (headers.toMillis() + 999) / 1000
              + " s (slow retrieval)",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for " + uri);
    } catch (IOException e) {
      Optional<String> mismatch = Tls.pinMismatch(e);
      if (mismatch.isPresent()) {
        throw new RefusedAnswerException(uri + ": " + mismatch.get() + "; refused");
      }
      // HttpClient's messages are often empty ("java.net.ConnectException: null").
      throw new IOException(
          uri + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
    return new Exchange(response, new SlowRetrievalGuard(response.body(), uri, limits, deadlineAt));
  }

  private static Response read(Exchange exchange, URI uri, int maxBytes) throws IOException {
    Map<String, String> headers = new HashMap<>();
    exchange
        .response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!values.isEmpty()) {
                headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
              }
            });
    if (exchange.contentLength() > maxBytes) {
      throw tooLarge(uri, maxBytes);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = exchange.body().read(buffer)) != -1) {
      if (out.size() + n > maxBytes) {
        throw tooLarge(uri, maxBytes);
      }
      out.write(buffer, 0, n);
    }
    return new Response(exchange.status(), headers, out.toByteArray());
  }

  private static RefusedAnswerException tooLarge(URI uri, int maxBytes) {
    return new RefusedAnswerException(
        "the answer from " + uri + " is larger than " + maxBytes + " bytes; refused");
  }
}
