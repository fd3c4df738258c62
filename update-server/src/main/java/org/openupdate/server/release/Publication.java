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
import org.openupdate.server.channel.Channel;

/** A release on a channel: when and by whom it was put there, and whether it was pulled. */
@Entity
@Table(name = "publications")
public class Publication extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "release_id")
  public Release release;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "channel_id")
  public Channel channel;

  @Column(name = "published_at", nullable = false)
  public Instant publishedAt;

  @Column(name = "published_by", nullable = false)
  public String publishedBy;

  /** The rollout plan JSON as the publisher gave it; null means everyone at once. */
  @Column(name = "rollout_plan")
  public String rolloutPlan;

  /**
   * The manifest signed by the server for this channel (naming it, with the channel's sequence);
   * null when the release's own manifest is served: signed offline for this channel, or published
   * before channels had sequences.
   */
  @Column(name = "manifest")
  public byte[] manifest;

  @Column(name = "manifest_sha256")
  public String manifestSha256;

  @Column(name = "signature")
  public byte[] signature;

  @Column(name = "pulled_at")
  public Instant pulledAt;

  @Column(name = "pulled_by")
  public String pulledBy;

  @Column(name = "pull_reason")
  public String pullReason;

  /** What clients of this channel fetch: the channel's own manifest, or the release's. */
  ReleaseViews.ServedManifest served() {
    return manifest == null
        ? new ReleaseViews.ServedManifest(
            release.manifest, release.manifestSha256, release.signature)
        : new ReleaseViews.ServedManifest(manifest, manifestSha256, signature);
  }

  boolean active() {
    return pulledAt == null;
  }

  static List<Publication> of(Release release) {
    return list("release = ?1 order by publishedAt, id", release);
  }
}
