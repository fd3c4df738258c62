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
import java.util.Optional;

/**
 * The way back from a pulled publication: the target release's manifest signed for the pulled
 * publication's channel, with {@code recallOf} naming the pulled version and a fresh sequence.
 */
@Entity
@Table(name = "recalls")
public class Recall extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  /** The pulled release on the channel whose clients are recalled. */
  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "publication_id")
  public Publication pulled;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "target_release_id")
  public Release target;

  @Column(nullable = false)
  public byte[] manifest;

  @Column(name = "manifest_sha256", nullable = false)
  public String manifestSha256;

  @Column(nullable = false)
  public byte[] signature;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "created_by", nullable = false)
  public String createdBy;

  ReleaseViews.ServedManifest served() {
    return new ReleaseViews.ServedManifest(manifest, manifestSha256, signature);
  }

  /** The recall of {@code pulledVersion} on {@code channel} to {@code targetVersion}. */
  static Optional<Recall> find(
      String product, String targetVersion, String channel, String pulledVersion) {
    return find(
            "target.product.name = ?1 and target.version = ?2 and pulled.channel.name = ?3"
                + " and pulled.release.version = ?4",
            product,
            targetVersion,
            channel,
            pulledVersion)
        .firstResultOptional();
  }
}
