package org.openupdate.server.transport;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemGenerationException;

/**
 * A private CA made for the TLS tests, the server's certificate (for 127.0.0.1) and agents' client
 * certificates, written as the PEM files the TLS registry reads.
 */
public final class TestCertificates {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path directory;
  private final KeyPair caKeys;
  private final X509Certificate ca;

  /** An agent's key and certificate, signed by the CA. */
  public record Client(PrivateKey key, X509Certificate certificate) {}

  private TestCertificates(Path directory, KeyPair caKeys, X509Certificate ca) {
    this.directory = directory;
    this.caKeys = caKeys;
    this.ca = ca;
  }

  /** A new CA in {@code directory}, its key beside it, with a first server certificate. */
  public static TestCertificates create(Path directory) {
    KeyPair keys = keyPair();
    X500Name name = new X500Name("CN=OpenUpdate test CA");
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            name, serial(), notBefore(), notAfter(), name, keys.getPublic());
    extend(builder, Extension.basicConstraints, true, new BasicConstraints(true));
    extend(
        builder, Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    TestCertificates certificates =
        new TestCertificates(directory, keys, sign(builder, keys.getPrivate()));
    certificates.writePem(certificates.caCertificate(), List.of(certificates.ca));
    certificates.writePem(directory.resolve("ca.key"), List.of(pkcs8(keys.getPrivate())));
    certificates.issueServerCertificate();
    return certificates;
  }

  /** The CA {@link #create} made in {@code directory}, to issue more certificates. */
  public static TestCertificates open(Path directory) {
    try (PEMParser certificate =
            new PEMParser(Files.newBufferedReader(directory.resolve("ca.crt")));
        PEMParser key = new PEMParser(Files.newBufferedReader(directory.resolve("ca.key")))) {
      X509Certificate ca =
          new JcaX509CertificateConverter()
              .getCertificate((X509CertificateHolder) certificate.readObject());
      PrivateKey privateKey =
          new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) key.readObject());
      return new TestCertificates(directory, new KeyPair(ca.getPublicKey(), privateKey), ca);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public Path caCertificate() {
    return directory.resolve("ca.crt");
  }

  public Path serverCertificate() {
    return directory.resolve("server.crt");
  }

  public Path serverKey() {
    return directory.resolve("server.key");
  }

  /** Writes a new server certificate and key for 127.0.0.1 and localhost; returns it. */
  public X509Certificate issueServerCertificate() {
    KeyPair keys = keyPair();
    X509v3CertificateBuilder builder = builder("CN=127.0.0.1", keys);
    extend(
        builder,
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.dNSName, "localhost")
            }));
    extend(
        builder,
        Extension.extendedKeyUsage,
        false,
        new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    X509Certificate certificate = sign(builder, caKeys.getPrivate());
    // Replaced at once, key first: a reload between the two files sees a matching pair soon after.
    writePem(serverKey(), List.of(pkcs8(keys.getPrivate())));
    writePem(serverCertificate(), List.of(certificate, ca));
    return certificate;
  }

  /** A client certificate with this common name and, when given, this URI alternative name. */
  public Client issueClient(String commonName, String uri) {
    KeyPair keys = keyPair();
    X509v3CertificateBuilder builder = builder("CN=" + commonName + ",O=Test fleet", keys);
    if (uri != null) {
      extend(
          builder,
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uri)));
    }
    extend(
        builder,
        Extension.extendedKeyUsage,
        false,
        new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
    return new Client(keys.getPrivate(), sign(builder, caKeys.getPrivate()));
  }

  /** TLS for a test client trusting the CA, presenting {@code client} unless it is null. */
  public SSLContext sslContext(Client client) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca);
      TrustManagerFactory trustManagers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      KeyManagerFactory keyManagers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      if (client != null) {
        keys.setKeyEntry(
            "client",
            client.key(),
            new char[0],
            new java.security.cert.Certificate[] {client.certificate(), ca});
      }
      keyManagers.init(keys, new char[0]);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), RANDOM);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private JcaX509v3CertificateBuilder builder(String subject, KeyPair keys) {
    return new JcaX509v3CertificateBuilder(
        new X500Name(ca.getSubjectX500Principal().getName()),
        serial(),
        notBefore(),
        notAfter(),
        new X500Name(subject),
        keys.getPublic());
  }

  private static JcaPKCS8Generator pkcs8(PrivateKey key) {
    try {
      return new JcaPKCS8Generator(key, null);
    } catch (PemGenerationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void extend(
      X509v3CertificateBuilder builder,
      ASN1ObjectIdentifier oid,
      boolean critical,
      ASN1Encodable value) {
    try {
      builder.addExtension(oid, critical, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  private void writePem(Path file, List<Object> objects) {
    try {
      Files.createDirectories(directory);
      StringWriter text = new StringWriter();
      try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
        for (Object object : objects) {
          pem.writeObject(object);
        }
      }
      Path temp = Files.createTempFile(directory, "pem-", ".tmp");
      try (Writer out = Files.newBufferedWriter(temp)) {
        out.write(text.toString());
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static KeyPair keyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(64, RANDOM);
  }

  private static Date notBefore() {
    return Date.from(Instant.now().minus(Duration.ofHours(1)));
  }

  private static Date notAfter() {
    return Date.from(Instant.now().plus(Duration.ofDays(2)));
  }
}
