package org.openupdate.client.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * A private CA made in the test (EC P-256), issuing a certificate for the server at 127.0.0.1 and
 * client certificates, with the files the agent is configured with.
 */
public final class TestPki {
  private static final char[] PASSWORD = "changeit".toCharArray();
  private static final AtomicLong SERIAL = new AtomicLong(1);
  private final KeyPair caKeys = newKeys();
  private final X509Certificate ca = issue("CN=OpenUpdate Test CA", caKeys, null, true);

  /** A certificate and its key. */
  public record Issued(KeyPair keys, X509Certificate certificate) {
    /** {@code sha256/} and the base64 SHA-256 of its SubjectPublicKeyInfo, as the agent pins. */
    public String pin() {
      return pinOf(keys.getPublic().getEncoded());
    }
  }

  /** A pin of a key nobody uses, e.g. the next key of the server, not deployed yet. */
  public static String unusedPin() {
    return pinOf(newKeys().getPublic().getEncoded());
  }

  public Issued server() {
    KeyPair keys = newKeys();
    return new Issued(keys, issue("CN=127.0.0.1", keys, "127.0.0.1", false));
  }

  public Issued client(String commonName) {
    KeyPair keys = newKeys();
    return new Issued(keys, issue("CN=" + commonName, keys, null, false));
  }

  /** A TLS context that presents {@code server} and trusts client certificates of this CA. */
  public SSLContext serverContext(Issued server) {
    try {
      KeyStore store = keyStore(server);
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, PASSWORD);
      KeyStore cas = KeyStore.getInstance("PKCS12");
      cas.load(null, null);
      cas.setCertificateEntry("ca", ca);
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(cas);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the CA's certificate as PEM. */
  public Path writeCa(Path file) {
    return write(file, pem("CERTIFICATE", encoded(ca)));
  }

  /** Writes the certificate (then the CA's) as PEM. */
  public Path writeCertificate(Issued issued, Path file) {
    return write(
        file, pem("CERTIFICATE", encoded(issued.certificate())) + pem("CERTIFICATE", encoded(ca)));
  }

  /** Writes the private key as unencrypted PKCS#8 PEM. */
  public Path writeKey(Issued issued, Path file) {
    return write(file, pem("PRIVATE KEY", issued.keys().getPrivate().getEncoded()));
  }

  /** Writes key and certificate as a PKCS#12 file protected by {@code password}. */
  public Path writePkcs12(Issued issued, Path file, String password) {
    try (OutputStream out = Files.newOutputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          "client",
          issued.keys().getPrivate(),
          password.toCharArray(),
          new Certificate[] {issued.certificate(), ca});
      store.store(out, password.toCharArray());
      return file;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private KeyStore keyStore(Issued issued) throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        "key", issued.keys().getPrivate(), PASSWORD, new Certificate[] {issued.certificate(), ca});
    return store;
  }

  private X509Certificate issue(String subject, KeyPair keys, String ipAddress, boolean isCa) {
    try {
      AlgorithmIdentifier ecdsa = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
      V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
      tbs.setSerialNumber(new ASN1Integer(BigInteger.valueOf(SERIAL.getAndIncrement())));
      tbs.setIssuer(new X500Name(isCa ? subject : ca.getSubjectX500Principal().getName()));
      tbs.setSubject(new X500Name(subject));
      Instant now = Instant.now();
      tbs.setStartDate(new Time(Date.from(now.minus(Duration.ofHours(1)))));
      tbs.setEndDate(new Time(Date.from(now.plus(Duration.ofDays(2)))));
      tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
      tbs.setSignature(ecdsa);
      ExtensionsGenerator extensions = new ExtensionsGenerator();
      extensions.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      if (ipAddress != null) {
        extensions.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(new GeneralName(GeneralName.iPAddress, ipAddress)));
      }
      tbs.setExtensions(extensions.generate());
      TBSCertificate certificate = tbs.generateTBSCertificate();
      PrivateKey signer = isCa ? keys.getPrivate() : caKeys.getPrivate();
      Signature signature = Signature.getInstance("SHA256withECDSA");
      signature.initSign(signer);
      signature.update(certificate.getEncoded(ASN1Encoding.DER));
      ASN1EncodableVector signed = new ASN1EncodableVector();
      signed.add(certificate);
      signed.add(ecdsa);
      signed.add(new DERBitString(signature.sign()));
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new ByteArrayInputStream(new DERSequence(signed).getEncoded(ASN1Encoding.DER)));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair newKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pinOf(byte[] subjectPublicKeyInfo) {
    try {
      return "sha256/"
          + Base64.getEncoder()
              .encodeToString(MessageDigest.getInstance("SHA-256").digest(subjectPublicKeyInfo));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
