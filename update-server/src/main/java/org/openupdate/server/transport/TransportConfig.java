package org.openupdate.server.transport;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What the server asks of agents beyond TLS itself (which Quarkus' TLS registry configures: {@code
 * quarkus.tls.*}).
 */
@ConfigMapping(prefix = "openupdate.tls")
public interface TransportConfig {

  /**
   * Agents must present a certificate the TLS trust store verifies on {@code /api/v1/updates/*},
   * and may only check and report as the client id it names. Needs {@code
   * quarkus.http.ssl.client-auth=request} (or {@code required}) and a trust store.
   */
  @WithDefault("false")
  boolean requireClientCertificates();

  /** Which name of an agent's certificate is its client id. */
  @WithDefault("cn")
  ClientIdSource clientIdFrom();

  enum ClientIdSource {
    /** The subject's common name ({@code CN=host-42}). */
    CN,
    /** The first URI subject alternative name ({@code urn:openupdate:client:host-42}). */
    SAN_URI
  }
}
