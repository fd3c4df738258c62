package org.openupdate.server.license;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A customer's license; the key itself is never stored, only its SHA-256. */
@Entity
@Table(name = "licenses")
class License extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  @Column(name = "key_sha256", nullable = false)
  String keySha256;

  @Column(nullable = false)
  String customer;

  @Column(name = "allowed_channels", nullable = false)
  String allowedChannels;

  @Column(name = "expires_at")
  Instant expiresAt;

  @Column(nullable = false)
  boolean revoked;

  @Column(name = "blocked_versions", nullable = false)
  String blockedVersions;

  @Column(name = "version_ceiling")
  String versionCeiling;

  @Column(name = "created_at", nullable = false)
  Instant createdAt;
}
