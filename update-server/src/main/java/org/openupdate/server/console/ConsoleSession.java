package org.openupdate.server.console;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "console_sessions")
class ConsoleSession extends PanacheEntityBase {

  /** SHA-256 of the cookie's value: the session id itself is never stored. */
  @Id
  @Column(name = "id_sha256")
  public String idSha256;

  @Column(name = "token_name", nullable = false)
  public String tokenName;

  @Column(name = "csrf_token", nullable = false)
  public String csrfToken;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "expires_at", nullable = false)
  public Instant expiresAt;
}
