package org.openupdate.server.delta;

import java.util.List;

/**
 * What a release's updates cost in bytes, per channel of the reporting clients, from the reports
 * that carry byte counts; and the versions it has deltas from.
 */
public record Bandwidth(List<String> deltaFrom, List<ChannelBytes> channels) {

  /**
   * @param reports finished attempts whose reports carried byte counts
   * @param downloaded bytes they fetched
   * @param full bytes the components would have cost whole
   */
  public record ChannelBytes(String channel, long reports, long downloaded, long full) {
    public long saved() {
      return full - downloaded;
    }

    /** The share of the full download saved, 0..1; null when nothing was counted. */
    public Double savedShare() {
      return full == 0 ? null : (double) saved() / full;
    }
  }
}
