package org.openupdate.server.fleet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openupdate.manifest.Version;

/**
 * The {@link ChannelHeads} of every product and channel, read from the publications in two small
 * queries (publications number in the thousands, not the millions): cheap enough to read fresh for
 * each fleet request, so drift always reflects the last publish or pull.
 *
 * <p>A channel's clients are also offered the releases of the channels it follows ({@code
 * early-access} -> {@code beta} -> {@code stable}), so those count towards its head, as the check
 * counts them.
 */
final class FleetHeads {

  private final Map<String, ChannelHeads> byProductChannel;

  private FleetHeads(Map<String, ChannelHeads> byProductChannel) {
    this.byProductChannel = Map.copyOf(byProductChannel);
  }

  ChannelHeads of(String product, String channel) {
    return byProductChannel.getOrDefault(key(product, channel), ChannelHeads.NONE);
  }

  /**
   * @param product only this product's releases, or every product's when null
   */
  static FleetHeads load(Connection connection, String product) throws SQLException {
    Map<String, String> follows = follows(connection);
    Map<String, Map<String, Set<Version>>> active = new HashMap<>();
    Map<String, Map<String, Set<Version>>> pulled = new HashMap<>();
    Map<String, Set<Version>> pulledEverywhere = new HashMap<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "select pr.name, r.version, r.state, c.name, p.pulled_at from publications p"
                + " join releases r on r.id = p.release_id"
                + " join products pr on pr.id = r.product_id"
                + " join channels c on c.id = p.channel_id"
                + (product == null ? "" : " where pr.name = ?"))) {
      if (product != null) {
        statement.setString(1, product);
      }
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          Version version = Version.parse(rs.getString(2));
          String channel = rs.getString(4);
          boolean pulledHere = rs.getTimestamp(5) != null;
          if ("PULLED".equals(rs.getString(3))) {
            pulledEverywhere.computeIfAbsent(name, k -> new HashSet<>()).add(version);
          }
          (pulledHere ? pulled : active)
              .computeIfAbsent(name, k -> new HashMap<>())
              .computeIfAbsent(channel, k -> new HashSet<>())
              .add(version);
        }
      }
    }
    Set<String> products = new HashSet<>(active.keySet());
    products.addAll(pulled.keySet());
    Map<String, ChannelHeads> heads = new HashMap<>();
    for (String name : products) {
      for (String channel : follows.keySet()) {
        List<Version> activeOnChain = new ArrayList<>();
        List<Version> pulledOnChain =
            new ArrayList<>(pulledEverywhere.getOrDefault(name, Set.of()));
        for (String link : chain(follows, channel)) {
          activeOnChain.addAll(active.getOrDefault(name, Map.of()).getOrDefault(link, Set.of()));
          pulledOnChain.addAll(pulled.getOrDefault(name, Map.of()).getOrDefault(link, Set.of()));
        }
        heads.put(key(name, channel), new ChannelHeads(activeOnChain, pulledOnChain));
      }
    }
    return new FleetHeads(heads);
  }

  /** Every channel and the one it follows (null for none). */
  private static Map<String, String> follows(Connection connection) throws SQLException {
    Map<String, String> follows = new HashMap<>();
    try (PreparedStatement statement =
            connection.prepareStatement(
                "select c.name, f.name from channels c left join channels f on f.id = c.follows_id");
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        follows.put(rs.getString(1), rs.getString(2));
      }
    }
    return follows;
  }

  /** The channel, the one it follows, and so on; a loop in the data ends the chain. */
  private static Set<String> chain(Map<String, String> follows, String channel) {
    Set<String> chain = new LinkedHashSet<>();
    String link = channel;
    while (link != null && chain.add(link)) {
      link = follows.get(link);
    }
    return chain;
  }

  private static String key(String product, String channel) {
    return product + '\u0000' + channel;
  }
}
