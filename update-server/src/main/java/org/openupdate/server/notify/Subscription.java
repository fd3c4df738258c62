package org.openupdate.server.notify;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Who is told what: a target, and the products and event types it wants (null: all). */
@Entity
@Table(name = "notify_subscriptions")
class Subscription extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  @Column(nullable = false)
  String kind;

  /** Email address or URL; sealed by SecretBox when {@link #addressSealed} (Slack, Teams). */
  @Column(nullable = false)
  String address;

  @Column(name = "address_sealed", nullable = false)
  boolean addressSealed;

  /** The webhook HMAC key, sealed when {@link #secretSealed}; null for other kinds. */
  String secret;

  /** False only for webhook rows written before secrets were encrypted, until the next start. */
  @Column(name = "secret_sealed", nullable = false)
  boolean secretSealed;

  @Column(name = "product_filter")
  String productFilter;

  /** Comma-separated event type names. */
  @Column(name = "event_filter")
  String eventFilter;

  @Column(name = "created_at", nullable = false)
  Instant createdAt;

  TargetKind targetKind() {
    return TargetKind.parse(kind).orElseThrow();
  }

  boolean wants(EventType type, String product) {
    if (productFilter != null && !productFilter.equals(product)) {
      return false;
    }
    if (eventFilter == null) {
      return true;
    }
    for (String name : eventFilter.split(",")) {
      if (name.equals(type.typeName())) {
        return true;
      }
    }
    return false;
  }
}
