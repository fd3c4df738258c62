package org.openupdate.server.admin;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

@Entity
@Table(name = "api_tokens")
class ApiToken extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(nullable = false, unique = true)
  public String name;

  @Column(name = "token_sha256", nullable = false, unique = true)
  public String tokenSha256;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public Role role;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "created_by", nullable = false)
  public String createdBy;

  @Column(name = "revoked_at")
  public Instant revokedAt;

  /** Null: the token does not expire. */
  @Column(name = "expires_at")
  public Instant expiresAt;

  @Column(name = "last_used_at")
  public Instant lastUsedAt;

  static Optional<ApiToken> byHash(String sha256) {
    return find("tokenSha256", sha256).firstResultOptional();
  }

  static Optional<ApiToken> byName(String name) {
    return find("name", name).firstResultOptional();
  }
}
