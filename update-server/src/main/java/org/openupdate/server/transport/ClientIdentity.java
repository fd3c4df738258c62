package org.openupdate.server.transport;

import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.openupdate.server.problem.Problem;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;

/**
 * With {@code openupdate.tls.require-client-certificates}, an agent is who its certificate says: it
 * cannot check or report as another client id. Without it, the client id is what the agent claims,
 * as before.
 */
@ApplicationScoped
public class ClientIdentity {

  @Inject TransportConfig config;

  private boolean required;

  @PostConstruct
  void read() {
    // Read once: the check asks on every poll.
    required = config.requireClientCertificates();
  }

  /**
   * The client id of this request.
   *
   * @param claimed the id the request names (a header or a report's field), or null
   * @param field where the request names it, for the problem ({@code X-Client-Id}, {@code
   *     /clientId})
   * @return {@code claimed}, or with client certificates required the certificate's id, which
   *     stands in for an absent claim
   * @throws ProblemException 401 without a client certificate; 403 when the certificate names no
   *     client id or another one than claimed
   */
  public String verified(HttpServerRequest request, String claimed, String field) {
    if (!required) {
      return claimed;
    }
    X509Certificate certificate = peerCertificate(request);
    String certified =
        CertificateNames.clientId(certificate, config.clientIdFrom())
            .orElseThrow(
                () ->
                    new ProblemException(
                        ProblemType.FORBIDDEN,
                        "the client certificate names no client id ("
                            + source()
                            + "): "
                            + certificate.getSubjectX500Principal().getName()));
    if (claimed != null && !claimed.equals(certified)) {
      String message =
          "the client certificate names client '" + certified + "', not '" + claimed + "'";
      throw new ProblemException(
          ProblemType.FORBIDDEN,
          field + ": " + message,
          List.of(new Problem.FieldError(field, message)));
    }
    return certified;
  }

  private String source() {
    return config.clientIdFrom() == TransportConfig.ClientIdSource.CN
        ? "common name"
        : "URI subject alternative name";
  }

  private static X509Certificate peerCertificate(HttpServerRequest request) {
    SSLSession session = request.sslSession();
    if (session == null) {
      throw new ProblemException(
          ProblemType.CERTIFICATE_REQUIRED,
          "agents must connect with TLS and a client certificate (HTTPS port)");
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      if (chain.length > 0 && chain[0] instanceof X509Certificate certificate) {
        return certificate;
      }
    } catch (SSLPeerUnverifiedException e) {
      // No certificate was presented: the answer below says so.
    }
    throw new ProblemException(
        ProblemType.CERTIFICATE_REQUIRED, "agents must present a client certificate");
  }
}
