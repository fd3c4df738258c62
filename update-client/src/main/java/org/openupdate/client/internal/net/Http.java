package org.openupdate.client.internal.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.openupdate.client.internal.config.Settings;

/**
 * Small HTTP helper on {@link HttpURLConnection}: it has per-read timeouts, which the
 * slow-retrieval protection needs, and it honours the configured proxy and extra CA certificates.
 */
public final class Http {
  private final Proxy proxy;
  private final SSLSocketFactory sslSocketFactory;
  private final int connectTimeoutMillis;
  private final int readTimeoutMillis;

  public Http(Settings settings) {
    this.proxy =
        settings
            .proxy()
            .map(p -> new Proxy(Proxy.Type.HTTP, new InetSocketAddress(p.getHost(), p.getPort())))
            .orElse(Proxy.NO_PROXY);
    this.sslSocketFactory = settings.caCertificates().map(Http::trusting).orElse(null);
    this.connectTimeoutMillis = (int) settings.connectTimeout().toMillis();
    this.readTimeoutMillis = (int) settings.requestTimeout().toMillis();
  }

  /** A response whose body has been read fully, up to a limit. */
  public record Response(int status, Map<String, String> headers, byte[] body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** Opens a connection; the caller streams and closes it (used by the downloader). */
  public HttpURLConnection open(URI uri, int readTimeoutMillis) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(proxy);
    if (sslSocketFactory != null && connection instanceof HttpsURLConnection https) {
      https.setSSLSocketFactory(sslSocketFactory);
    }
    connection.setConnectTimeout(connectTimeoutMillis);
    connection.setReadTimeout(readTimeoutMillis);
    connection.setInstanceFollowRedirects(true);
    connection.setUseCaches(false);
    return connection;
  }

  /** GET, reading at most {@code maxBytes} of body; a longer body is an error, not truncated. */
  public Response get(URI uri, Map<String, String> headers, int maxBytes) throws IOException {
    HttpURLConnection connection = open(uri, readTimeoutMillis);
    headers.forEach(connection::setRequestProperty);
    return finish(connection, maxBytes);
  }

  /** POST a JSON body. */
  public Response postJson(URI uri, byte[] json) throws IOException {
    HttpURLConnection connection = open(uri, readTimeoutMillis);
    connection.setRequestMethod("POST");
    connection.setDoOutput(true);
    connection.setRequestProperty("Content-Type", "application/json");
    connection.setFixedLengthStreamingMode(json.length);
    try (OutputStream out = connection.getOutputStream()) {
      out.write(json);
    }
    return finish(connection, 64 * 1024);
  }

  private Response finish(HttpURLConnection connection, int maxBytes) throws IOException {
    try {
      int status = connection.getResponseCode();
      Map<String, String> headers = new java.util.HashMap<>();
      connection
          .getHeaderFields()
          .forEach(
              (name, values) -> {
                if (name != null && !values.isEmpty()) {
                  headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0));
                }
              });
      InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
      byte[] body = in == null ? new byte[0] : readLimited(in, maxBytes, connection.getURL());
      return new Response(status, headers, body);
    } finally {
      connection.disconnect();
    }
  }

  private static byte[] readLimited(InputStream in, int maxBytes, java.net.URL url)
      throws IOException {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) != -1) {
        if (out.size() + n > maxBytes) {
          throw new IOException("response from " + url + " is larger than " + maxBytes + " bytes");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    }
  }

  private static SSLSocketFactory trusting(java.nio.file.Path pemFile) {
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
      return context.getSocketFactory();
    } catch (IOException | GeneralSecurityException e) {
      throw new org.openupdate.client.internal.config.ConfigException(
          "configuration field 'http.caCertificates' cannot be used: " + e.getMessage(), e);
    }
  }
}
