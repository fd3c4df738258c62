package org.openupdate.server.trust;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.openupdate.manifest.ManifestJson;
import org.openupdate.manifest.pgp.DetachedSigner;
import org.openupdate.manifest.trust.Timestamp;
import org.openupdate.server.check.CheckSnapshot;
import org.openupdate.server.check.ReleaseOffer;
import org.openupdate.server.check.SnapshotHolder;
import org.openupdate.server.check.SnapshotHolder.SnapshotReloaded;

/**
 * Each channel's signed timestamp: its manifest sequence and newest release, valid for {@link
 * TrustConfig#timestampLifetime()}. Signed when first asked for, kept, and signed again once half
 * its lifetime has passed or the channel changed (every snapshot reload), so an agent always gets
 * one with hours to go. Each instance signs its own with the same key.
 */
@ApplicationScoped
public class TimestampService {

  /** The exact signed bytes and their detached signature. */
  public record Signed(byte[] document, byte[] signature, Instant expires, Instant issued) {}

  @Inject TimestampKey key;
  @Inject TrustConfig config;
  @Inject SnapshotHolder snapshots;
  @Inject DataSource dataSource;
  @Inject Clock clock;

  private final Map<String, Signed> signed = new ConcurrentHashMap<>();

  /** The channel's timestamp; empty when the product has no such channel. */
  public Optional<Signed> timestamp(String product, String channel) {
    CheckSnapshot snapshot = snapshots.current();
    if (!snapshot.hasProduct(product) || snapshot.channel(product, channel).isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Signed current =
        signed.compute(
            product + '\u0000' + channel,
            (k, kept) ->
                kept == null || halfGone(kept, now) ? sign(snapshot, product, channel) : kept);
    return Optional.of(current);
  }

  /** A release placed, promoted, pulled or recalled: the heads may have moved. */
  void onSnapshot(@Observes SnapshotReloaded event) {
    signed.clear();
  }

  private boolean halfGone(Signed kept, Instant now) {
    return !now.isBefore(kept.issued().plus(config.timestampLifetime().dividedBy(2)));
  }

  private Signed sign(CheckSnapshot snapshot, String product, String channel) {
    Instant issued = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expires = issued.plus(config.timestampLifetime());
    Optional<ReleaseOffer> head =
        snapshot.offers(product, channel).stream().max(Comparator.comparing(ReleaseOffer::version));
    byte[] document =
        ManifestJson.write(
            new Timestamp(
                product,
                channel,
                sequence(channel),
                head.map(o -> o.version().toString()).orElse(null),
                null,
                issued,
                expires));
    byte[] signature = DetachedSigner.sign(document, List.of(key.key()), issued);
    return new Signed(document, signature, expires, issued);
  }

  private long sequence(String channel) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement("select manifest_sequence from channels where name = ?")) {
      query.setString(1, channel);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? row.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the sequence of channel " + channel, e);
    }
  }
}
