package org.openupdate.server.release;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** One component of a release: where its bytes come from and what they must hash to. */
@Entity
@Table(name = "release_artifacts")
public class ReleaseArtifact extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "release_id")
  public Release release;

  @Column(nullable = false)
  public String component;

  @Column(nullable = false)
  public String sha256;

  @Column(name = "size_bytes", nullable = false)
  public long size;

  /** Set when the vendor hosts the bytes elsewhere; then nothing is uploaded to this server. */
  @Column(name = "external_url")
  public String externalUrl;

  /** When the uploaded bytes were verified and stored; null while an upload is still missing. */
  @Column(name = "stored_at")
  public Instant storedAt;

  boolean available() {
    return externalUrl != null || storedAt != null;
  }

  static List<ReleaseArtifact> of(Release release) {
    return list("release = ?1 order by component", release);
  }
}
