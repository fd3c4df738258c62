package org.openupdate.server.checksupport;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.openupdate.server.check.SnapshotChanges;

/**
 * Puts products, releases and publications straight into the publishing tables, the way the
 * publishing API leaves them, so check tests do not depend on that API's details. Each change bumps
 * the snapshot counter like a real publish would.
 */
public final class Catalog {

  private final String product;

  private Catalog(String product) {
    this.product = product;
  }

  /** A fresh product with a unique name (tests share one database). */
  public static Catalog newProduct() {
    String name = "app-" + UUID.randomUUID().toString().substring(0, 8);
    run(
        em ->
            em.createNativeQuery(
                    "insert into products (name, created_at) values (?1, current_timestamp)")
                .setParameter(1, name)
                .executeUpdate());
    return new Catalog(name);
  }

  public String product() {
    return product;
  }

  public ReleaseBuilder release(String version) {
    return new ReleaseBuilder(version);
  }

  /** Marks the publication of {@code version} on {@code channel} as pulled. */
  public void pull(String version, String channel) {
    run(
        em ->
            em.createNativeQuery(
                    "update publications set pulled_at = current_timestamp, pulled_by = 'test'"
                        + " where release_id = (select r.id from releases r join products p on"
                        + " p.id = r.product_id where p.name = ?1 and r.version = ?2)"
                        + " and channel_id = (select id from channels where name = ?3)")
                .setParameter(1, product)
                .setParameter(2, version)
                .setParameter(3, channel)
                .executeUpdate());
  }

  public long publicationId(String version, String channel) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ((Number)
                        em().createNativeQuery(
                                "select pub.id from publications pub join releases r on r.id ="
                                    + " pub.release_id join products p on p.id = r.product_id"
                                    + " join channels c on c.id = pub.channel_id where p.name = ?1"
                                    + " and r.version = ?2 and c.name = ?3")
                            .setParameter(1, product)
                            .setParameter(2, version)
                            .setParameter(3, channel)
                            .getSingleResult())
                    .longValue());
  }

  /** A published release with its manifest fields; {@link #on} puts it on a channel. */
  public final class ReleaseBuilder {
    private final String version;
    private String minimumVersion;
    private Instant expires;
    private boolean mandatory;
    private String plan;
    private String publishedBy = "publisher-token";
    private Instant publishedAt = Instant.now();

    private ReleaseBuilder(String version) {
      this.version = version;
    }

    public ReleaseBuilder minimumVersion(String value) {
      minimumVersion = value;
      return this;
    }

    public ReleaseBuilder expires(Instant value) {
      expires = value;
      return this;
    }

    public ReleaseBuilder mandatory() {
      mandatory = true;
      return this;
    }

    public ReleaseBuilder plan(String json) {
      plan = json;
      return this;
    }

    public ReleaseBuilder publishedBy(String token) {
      publishedBy = token;
      return this;
    }

    public ReleaseBuilder publishedAt(Instant value) {
      publishedAt = value;
      return this;
    }

    /** Creates the release if needed and publishes it on each channel. */
    public Catalog on(String... channels) {
      run(em -> insert(em, channels));
      return Catalog.this;
    }

    private void insert(EntityManager em, String... channels) {
      byte[] manifest =
          ("{\"product\":\"" + product + "\",\"version\":\"" + version + "\"}")
              .getBytes(StandardCharsets.UTF_8);
      Number existing =
          (Number)
              em.createNativeQuery(
                      "select count(*) from releases r join products p on p.id ="
                          + " r.product_id where p.name = ?1 and r.version = ?2")
                  .setParameter(1, product)
                  .setParameter(2, version)
                  .getSingleResult();
      if (existing.longValue() == 0) {
        em.createNativeQuery(
                "insert into releases (product_id, version, state, manifest,"
                    + " manifest_sha256, mandatory, minimum_version, expires_at,"
                    + " release_notes_url, created_at, created_by) select id, ?2,"
                    + " 'PUBLISHED', ?3, ?4, ?5, ?6, ?7, ?8, current_timestamp, 'test' from"
                    + " products where name = ?1")
            .setParameter(1, product)
            .setParameter(2, version)
            .setParameter(3, manifest)
            .setParameter(4, sha256(manifest))
            .setParameter(5, mandatory)
            .setParameter(6, minimumVersion)
            .setParameter(7, expires)
            .setParameter(8, "https://example.org/notes/" + version)
            .executeUpdate();
      }
      for (String channel : channels) {
        em.createNativeQuery(
                "insert into publications (release_id, channel_id, published_at,"
                    + " published_by, rollout_plan) select r.id, c.id, ?4, ?5, ?6 from"
                    + " releases r join products p on p.id = r.product_id, channels c"
                    + " where p.name = ?1 and r.version = ?2 and c.name = ?3")
            .setParameter(1, product)
            .setParameter(2, version)
            .setParameter(3, channel)
            .setParameter(4, publishedAt)
            .setParameter(5, publishedBy)
            .setParameter(6, plan)
            .executeUpdate();
      }
    }
  }

  /**
   * Publishes several releases on one channel in one transaction, as a database holds them when a
   * server starts.
   */
  public void allOn(String channel, String... versions) {
    run(
        em -> {
          for (String version : versions) {
            new ReleaseBuilder(version).insert(em, channel);
          }
        });
  }

  private static void run(java.util.function.Consumer<EntityManager> work) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              work.accept(em());
              Arc.container().instance(SnapshotChanges.class).get().bump("test catalog change");
            });
  }

  private static EntityManager em() {
    return Arc.container().instance(EntityManager.class).get();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
