package org.openupdate.client.internal.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.openupdate.client.internal.config.ConfigException;
import org.openupdate.client.internal.config.Settings;

/**
 * The agent's TLS: the system's CAs, or those of {@code http.caCertificates}; SPKI pins on top of
 * them (a server must be trusted by a CA <em>and</em> present a pinned key); a client certificate
 * when configured.
 */
final class Tls {
  private static final char[] IN_MEMORY = "client".toCharArray();

  private Tls() {}

  /** Empty when the JDK's defaults will do. */
  static Optional<SSLContext> context(Settings settings) {
    List<String> pins = settings.pins();
    Optional<Path> ca = settings.caCertificates();
    KeyManager[] keys = keyManagers(settings);
    if (ca.isEmpty() && pins.isEmpty() && keys == null) {
      return Optional.empty();
    }
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      // The configured CAs replace the system store: a self-hosted server usually has its own CA.
      trust.init(ca.isPresent() ? caStore(ca.get()) : null);
      X509ExtendedTrustManager trusted = (X509ExtendedTrustManager) trust.getTrustManagers()[0];
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          keys,
          new X509ExtendedTrustManager[] {pins.isEmpty() ? trusted : new Pinning(trusted, pins)},
          null);
      return Optional.of(context);
    } catch (IOException | GeneralSecurityException e) {
      throw unusable("http.caCertificates", e);
    }
  }

  /** The pin mismatch behind a failed handshake, if that is what failed it. */
  static Optional<String> pinMismatch(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof PinMismatch) {
        return Optional.of(cause.getMessage());
      }
    }
    return Optional.empty();
  }

  /** {@code sha256/} and the base64 SHA-256 of the certificate's SubjectPublicKeyInfo. */
  private static String pin(Certificate certificate) throws GeneralSecurityException {
    return "sha256/"
        + Base64.getEncoder()
            .encodeToString(
                MessageDigest.getInstance("SHA-256")
                    .digest(certificate.getPublicKey().getEncoded()));
  }

  private static KeyStore caStore(Path pemFile) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    int i = 0;
    for (Certificate certificate : certificates(pemFile)) {
      store.setCertificateEntry("ca-" + i++, certificate);
    }
    return store;
  }

  private static KeyManager[] keyManagers(Settings settings) {
    Optional<Path> keyStore = settings.clientKeyStore();
    Optional<Path> certificate = settings.clientCertificate();
    if (keyStore.isEmpty() && certificate.isEmpty()) {
      return null;
    }
    String field = keyStore.isPresent() ? "http.clientKeyStore" : "http.clientCertificate";
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      char[] password = IN_MEMORY;
      if (keyStore.isPresent()) {
        password = settings.clientKeyStorePassword().toCharArray();
        try (InputStream in = Files.newInputStream(keyStore.get())) {
          store.load(in, password);
        }
      } else {
        List<Certificate> chain = certificates(certificate.get());
        field = "http.clientKey";
        store.load(null, null);
        store.setKeyEntry(
            "client",
            privateKey(settings.clientKey().orElseThrow()),
            password,
            chain.toArray(Certificate[]::new));
      }
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, password);
      return factory.getKeyManagers();
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw unusable(field, e);
    }
  }

  private static List<Certificate> certificates(Path pemFile)
      throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(pemFile)) {
      List<Certificate> certificates =
          new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
      if (certificates.isEmpty()) {
        throw new CertificateException("no PEM certificate in " + pemFile);
      }
      return certificates;
    }
  }

  /** An unencrypted PKCS#8 PEM key ({@code BEGIN PRIVATE KEY}) of any algorithm the JDK knows. */
  private static PrivateKey privateKey(Path pemFile) throws IOException, GeneralSecurityException {
    String pem = Files.readString(pemFile, StandardCharsets.US_ASCII);
    int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      throw new GeneralSecurityException(
          pemFile
              + " holds no unencrypted PKCS#8 key ('BEGIN PRIVATE KEY'; convert with"
              + " 'openssl pkcs8 -topk8 -nocrypt')");
    }
    byte[] der =
        Base64.getMimeDecoder().decode(pem.substring(begin + 27, end).replaceAll("\\s", ""));
    for (String algorithm : List.of("EC", "RSA", "Ed25519", "Ed448")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // Not this algorithm's key; try the next.
      }
    }
    throw new GeneralSecurityException(pemFile + " holds a key of an unknown algorithm");
  }

  private static ConfigException unusable(String field, Exception e) {
    // Never the password: messages end up in logs.
    return new ConfigException(
        "configuration field '" + field + "' cannot be used: " + e.getMessage(), e);
  }

  /** The handshake failed because the server presented no pinned key. */
  private static final class PinMismatch extends CertificateException {
    PinMismatch(String message) {
      super(message);
    }
  }

  /** The CA's verdict first (chain, expiry, host name), then the pins. */
  private static final class Pinning extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager trusted;
    private final List<String> pins;

    Pinning(X509ExtendedTrustManager trusted, List<String> pins) {
      this.trusted = trusted;
      this.pins = pins;
    }

    private void pinned(X509Certificate[] chain) throws CertificateException {
      List<String> presented = new ArrayList<>();
      try {
        for (X509Certificate certificate : chain) {
          presented.add(pin(certificate));
        }
      } catch (GeneralSecurityException e) {
        throw new CertificateException(e);
      }
      if (presented.stream().noneMatch(pins::contains)) {
        throw new PinMismatch(
            "the server presents keys "
                + presented
                + ", none of them pinned in 'http.pins' "
                + pins
                + ": someone else answers, or the server's key changed without a backup pin");
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      trusted.checkServerTrusted(chain, authType, engine);
      pinned(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      trusted.checkServerTrusted(chain, authType, socket);
      pinned(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      trusted.checkServerTrusted(chain, authType);
      pinned(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      trusted.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      trusted.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      trusted.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return trusted.getAcceptedIssuers();
    }
  }
}
