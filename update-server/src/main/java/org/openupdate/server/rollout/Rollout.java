package org.openupdate.server.rollout;

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

/** A publication's rollout once it has moved from its defaults (first stage since publication). */
@Entity
@Table(name = "rollouts")
class Rollout extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  @Column(name = "publication_id", nullable = false)
  long publicationId;

  @Column(name = "plan_json", nullable = false)
  String planJson;

  @Column(name = "stage_index", nullable = false)
  int stageIndex;

  @Column(name = "stage_started_at", nullable = false)
  Instant stageStartedAt;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  RolloutState state;

  @Column(name = "approved_by")
  String approvedBy;

  @Column String reason;

  @Column(name = "updated_at", nullable = false)
  Instant updatedAt;
}
