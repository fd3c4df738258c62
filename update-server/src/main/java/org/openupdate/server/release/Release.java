package org.openupdate.server.release;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import org.openupdate.server.product.Product;

@Entity
@Table(name = "releases")
public class Release extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "product_id")
  public Product product;

  @Column(nullable = false)
  public String version;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public ReleaseState state;

  /** The exact manifest bytes as uploaded: signed and served as they are. */
  @Column(nullable = false)
  public byte[] manifest;

  @Column(name = "manifest_sha256", nullable = false)
  public String manifestSha256;

  @Column(nullable = false)
  public boolean mandatory;

  @Column(name = "minimum_version")
  public String minimumVersion;

  @Column(name = "expires_at")
  public Instant expiresAt;

  @Column(name = "release_notes_url")
  public String releaseNotesUrl;

  /**
   * ASCII-armored detached signature over {@link #manifest}; set by offline signing or on publish.
   */
  public byte[] signature;

  @Enumerated(EnumType.STRING)
  @Column(name = "signature_source")
  public SignatureSource signatureSource;

  /** Full fingerprints of the signing keys, comma separated. */
  @Column(name = "signed_by")
  public String signedBy;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "created_by", nullable = false)
  public String createdBy;

  static Optional<Release> find(String product, String version) {
    return find("product.name = ?1 and version = ?2", product, version).firstResultOptional();
  }
}
