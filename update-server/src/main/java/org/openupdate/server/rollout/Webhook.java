package org.openupdate.server.rollout;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "webhooks")
class Webhook extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  @Column(nullable = false)
  String url;

  /** Sealed by {@link org.openupdate.server.secrets.SecretBox} when {@link #secretSealed}. */
  @Column(nullable = false)
  String secret;

  /** False only for rows written before secrets were encrypted, until the next start seals them. */
  @Column(name = "secret_sealed", nullable = false)
  boolean secretSealed;

  @Column(name = "created_at", nullable = false)
  Instant createdAt;
}
