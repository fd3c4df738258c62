package org.openupdate.server.channel;

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

@Entity
@Table(name = "channels")
public class Channel extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(nullable = false, unique = true)
  public String name;

  /** Clients of this channel are also offered newer releases of the followed channel. */
  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "follows_id")
  public Channel follows;

  public String description;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  /**
   * The last manifest sequence signed for this channel, as read; only {@link ManifestSequences}
   * changes it, in SQL, so two instances never lose an increment.
   */
  @Column(name = "manifest_sequence", insertable = false, updatable = false)
  public long manifestSequence;

  public static Optional<Channel> byName(String name) {
    return find("name", name).firstResultOptional();
  }
}
