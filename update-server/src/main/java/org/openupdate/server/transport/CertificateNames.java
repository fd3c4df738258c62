package org.openupdate.server.transport;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.openupdate.server.transport.TransportConfig.ClientIdSource;

/** The client id a certificate names, by the configured source. */
final class CertificateNames {

  /** The type of a URI in {@link X509Certificate#getSubjectAlternativeNames()} (RFC 5280). */
  private static final int URI = 6;

  private CertificateNames() {}

  static Optional<String> clientId(X509Certificate certificate, ClientIdSource source) {
    return source == ClientIdSource.CN ? commonName(certificate) : firstUri(certificate);
  }

  private static Optional<String> commonName(X509Certificate certificate) {
    try {
      List<Rdn> rdns = new LdapName(certificate.getSubjectX500Principal().getName()).getRdns();
      // getRdns() lists the most specific name last: CN=host-42,O=Fleet gives [O, CN].
      for (int i = rdns.size() - 1; i >= 0; i--) {
        if ("CN".equalsIgnoreCase(rdns.get(i).getType())) {
          return Optional.of(rdns.get(i).getValue().toString());
        }
      }
      return Optional.empty();
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> firstUri(X509Certificate certificate) {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      if (names == null) {
        return Optional.empty();
      }
      return names.stream()
          .filter(name -> name.size() == 2 && Integer.valueOf(URI).equals(name.get(0)))
          .map(name -> name.get(1).toString())
          .findFirst();
    } catch (CertificateParsingException e) {
      return Optional.empty();
    }
  }
}
