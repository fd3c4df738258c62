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
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.openupdate.client.internal.config.ConfigException;
import org.openupdate.client.internal.config.Settings;

/**
 * The agent's HTTP: every request has an overall deadline and every answer a throughput floor
 * ({@link Limits}), so no server, mirror or network in between can hold the agent by answering
 * slowly. Honours the configured proxy and CA certificates.
 */
public final class Http {
  private final HttpClient client;
  private final Duration requestTimeout;
  private final Limits limits;

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
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(settings.connectTimeout());
    settings
        .proxy()
        .ifPresent(
            p -> builder.proxy(ProxySelector.of(new InetSocketAddress(p.getHost(), p.getPort()))));
    settings.caCertificates().map(Http::trusting).ifPresent(builder::sslContext);
    this.client = builder.build();
    this.requestTimeout = settings.requestTimeout();
    this.limits =
        new Limits(
            settings.httpDeadline(),
            settings.httpMinBytesPerSecond(),
            settings.httpThroughputWindow());
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

  /** GET whose body the caller streams (the downloader), under {@code limits}. */
  public Exchange open(URI uri, Map<String, String> headers, Limits limits) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
    headers.forEach(request::header);
    return send(request, uri, limits);
  }

  /** GET, reading at most {@code maxBytes} of body; a longer body is an error, not truncated. */
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
    try (Exchange exchange = send(request, uri, limits)) {
      return read(exchange, uri, 64 * 1024);
    }
  }

  private Exchange send(HttpRequest.Builder request, URI uri, Limits limits) throws IOException {
    long deadlineAt = System.nanoTime() + limits.deadline().toNanos();
    // The request timeout ends once the headers are in; the guard watches the body after that.
    Duration headers =
        requestTimeout.compareTo(limits.deadline()) < 0 ? requestTimeout : limits.deadline();
    HttpResponse<InputStream> response;
    try {
      response =
          client.send(request.timeout(headers).build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new IOException(
          uri + " did not answer within " + headers.toSeconds() + " s (slow retrieval)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for " + uri);
    } catch (IOException e) {
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
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = exchange.body().read(buffer)) != -1) {
      if (out.size() + n > maxBytes) {
        throw new IOException("response from " + uri + " is larger than " + maxBytes + " bytes");
      }
      out.write(buffer, 0, n);
    }
    return new Response(exchange.status(), headers, out.toByteArray());
  }

  private static SSLContext trusting(java.nio.file.Path pemFile) {
    try (InputStream in = Files.newInputStream(pemFile)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      // The configured CAs replace the system store: a self-hosted server usually has its own CA.
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException(
          "configuration field 'http.caCertificates' cannot be used: " + e.getMessage(), e);
    }
  }
}
