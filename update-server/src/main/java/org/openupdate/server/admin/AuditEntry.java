package org.openupdate.server.admin;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "audit_log")
class AuditEntry extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(nullable = false)
  public String actor;

  @Column(nullable = false)
  public String action;

  @Column(nullable = false)
  public String target;

  @Column(name = "before_json")
  public String beforeJson;

  @Column(name = "after_json")
  public String afterJson;

  @Column(nullable = false)
  public Instant at;
}
