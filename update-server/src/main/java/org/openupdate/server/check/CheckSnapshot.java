package org.openupdate.server.check;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openupdate.manifest.Version;
import org.openupdate.server.license.LicenseView;
import org.openupdate.server.license.ReleasePolicy;
import org.openupdate.server.rollout.RolloutView;

/**
 * Everything the check decides from, immutable and held in memory so that a poll never touches the
 * database. A new snapshot replaces the old one whole when releases, rollouts, policies or licenses
 * change.
 *
 * @param changeVersion the database change counter this snapshot reflects
 * @param candidatesByProductChannel per channel, its offers merged with those of the channels it
 *     follows, newest first
 * @param rollouts every live publication's rollout, by publication id
 * @param releaseKeys product and version of every release clients may report on
 * @param placements every release on a channel, offered or pulled
 * @param recallsByProductChannel per channel, the recalls of releases pulled from it
 */
public record CheckSnapshot(
    long changeVersion,
    Map<String, Map<String, ChannelView>> channelsByProduct,
    Map<String, List<ReleaseOffer>> offersByProductChannel,
    Map<String, List<ReleaseOffer>> candidatesByProductChannel,
    Map<Long, RolloutView> rollouts,
    Map<String, ReleasePolicy> policies,
    Map<String, LicenseView> licensesByHash,
    Set<String> releaseKeys,
    List<Placement> placements,
    Map<String, List<RecallOffer>> recallsByProductChannel) {

  public static final CheckSnapshot EMPTY =
      new CheckSnapshot(
          -1, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Set.of(), List.of(),
          Map.of());

  public CheckSnapshot {
    channelsByProduct = Map.copyOf(channelsByProduct);
    offersByProductChannel = Map.copyOf(offersByProductChannel);
    candidatesByProductChannel = Map.copyOf(candidatesByProductChannel);
    rollouts = Map.copyOf(rollouts);
    policies = Map.copyOf(policies);
    licensesByHash = Map.copyOf(licensesByHash);
    releaseKeys = Set.copyOf(releaseKeys);
    placements = List.copyOf(placements);
    recallsByProductChannel = Map.copyOf(recallsByProductChannel);
  }

  /**
   * Builds a snapshot, sorting each channel's offers newest first.
   *
   * @param placements every release on a channel: offered ones and pulled ones, whose clients still
   *     report their rollbacks and recalls
   * @param recalls the recalls of pulled releases, each on the pulled release's channel
   */
  public static CheckSnapshot of(
      long changeVersion,
      Collection<ChannelView> channels,
      Collection<ReleaseOffer> offers,
      Collection<RolloutView> rollouts,
      Map<String, ReleasePolicy> policies,
      Map<String, LicenseView> licensesByHash,
      Collection<Placement> placements,
      Collection<RecallOffer> recalls) {
    Map<String, Map<String, ChannelView>> byProduct = new HashMap<>();
    for (ChannelView channel : channels) {
      byProduct
          .computeIfAbsent(channel.product(), p -> new HashMap<>())
          .put(channel.name(), channel);
    }
    byProduct.replaceAll((product, byName) -> Map.copyOf(byName));
    Map<String, List<ReleaseOffer>> grouped = new HashMap<>();
    for (ReleaseOffer offer : offers) {
      grouped
          .computeIfAbsent(key(offer.product(), offer.channel()), k -> new ArrayList<>())
          .add(offer);
    }
    grouped.replaceAll(
        (k, list) ->
            list.stream().sorted(Comparator.comparing(ReleaseOffer::version).reversed()).toList());
    Map<Long, RolloutView> rolloutsById = new HashMap<>();
    rollouts.forEach(r -> rolloutsById.put(r.publicationId(), r));
    Map<String, List<ReleaseOffer>> candidates = new HashMap<>();
    for (Map<String, ChannelView> byName : byProduct.values()) {
      for (ChannelView channel : byName.values()) {
        candidates.put(key(channel.product(), channel.name()), chain(byName, grouped, channel));
      }
    }
    Set<String> releaseKeys = new HashSet<>();
    placements.forEach(p -> releaseKeys.add(releaseKey(p.product(), p.version())));
    Map<String, List<RecallOffer>> recallsByChannel = new HashMap<>();
    for (RecallOffer recall : recalls) {
      recallsByChannel
          .computeIfAbsent(
              key(recall.target().product(), recall.target().channel()), k -> new ArrayList<>())
          .add(recall);
    }
    recallsByChannel.replaceAll((k, list) -> List.copyOf(list));
    return new CheckSnapshot(
        changeVersion,
        byProduct,
        grouped,
        candidates,
        rolloutsById,
        policies,
        licensesByHash,
        releaseKeys,
        List.copyOf(placements),
        recallsByChannel);
  }

  /**
   * A channel's offers and those of every channel it follows, newest first (own channel first on
   * ties).
   */
  private static List<ReleaseOffer> chain(
      Map<String, ChannelView> channels,
      Map<String, List<ReleaseOffer>> offers,
      ChannelView start) {
    List<ReleaseOffer> all = new ArrayList<>();
    Set<String> visited = new HashSet<>();
    ChannelView current = start;
    while (current != null && visited.add(current.name())) {
      all.addAll(offers.getOrDefault(key(current.product(), current.name()), List.of()));
      current = current.follows() == null ? null : channels.get(current.follows());
    }
    all.sort(Comparator.comparing(ReleaseOffer::version).reversed());
    return List.copyOf(all);
  }

  public Optional<ChannelView> channel(String product, String name) {
    return Optional.ofNullable(channelsByProduct.getOrDefault(product, Map.of()).get(name));
  }

  public List<ReleaseOffer> offers(String product, String channel) {
    return offersByProductChannel.getOrDefault(key(product, channel), List.of());
  }

  public boolean hasProduct(String product) {
    return channelsByProduct.containsKey(product);
  }

  /** What a client of this channel may be offered: its own and its followed channels' releases. */
  public List<ReleaseOffer> candidates(ChannelView channel) {
    return candidatesByProductChannel.getOrDefault(
        key(channel.product(), channel.name()), List.of());
  }

  /**
   * The recall for a client of {@code channel} still running {@code running}: from the nearest
   * channel of its chain that recalls that version. None when a nearer channel still offers the
   * version, since then its clients there were not told to leave it.
   */
  public Optional<ReleaseOffer> recall(ChannelView channel, Version running) {
    Map<String, ChannelView> channels = channelsByProduct.getOrDefault(channel.product(), Map.of());
    Set<String> visited = new HashSet<>();
    for (ChannelView at = channel;
        at != null && visited.add(at.name());
        at = at.follows() == null ? null : channels.get(at.follows())) {
      String key = key(at.product(), at.name());
      if (offersByProductChannel.getOrDefault(key, List.of()).stream()
          .anyMatch(o -> o.version().equals(running))) {
        return Optional.empty();
      }
      Optional<ReleaseOffer> recall =
          recallsByProductChannel.getOrDefault(key, List.of()).stream()
              .filter(r -> r.pulled().equals(running))
              .map(RecallOffer::target)
              .findFirst();
      if (recall.isPresent()) {
        return recall;
      }
    }
    return Optional.empty();
  }

  public ReleasePolicy policy(String product) {
    return policies.getOrDefault(product, ReleasePolicy.OPEN);
  }

  /** Whether clients may report on this release (it is or was on a channel). */
  public boolean knowsRelease(String product, String version) {
    return releaseKeys.contains(releaseKey(product, version));
  }

  public static String releaseKey(String product, String version) {
    return key(product, version);
  }

  private static String key(String product, String channel) {
    return product + '\u0000' + channel;
  }
}
