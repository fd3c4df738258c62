package org.openupdate.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openupdate.manifest.Version;

class ChannelHeadsTest {

  private static List<Version> versions(String... texts) {
    return java.util.Arrays.stream(texts).map(Version::parse).toList();
  }

  private static Standing classify(ChannelHeads heads, String running) {
    return heads.classify(Version.parse(running));
  }

  @Test
  void shouldCountActiveReleasesNewerThanTheRunningOne() {
    ChannelHeads heads = new ChannelHeads(versions("1.0.0", "1.1.0", "1.2.0"), List.of());

    assertThat(heads.head()).contains(Version.parse("1.2.0"));
    assertThat(classify(heads, "1.0.0")).isEqualTo(Standing.behind(2));
    assertThat(classify(heads, "0.9.0")).isEqualTo(Standing.behind(3));
    assertThat(classify(heads, "1.1.5")).isEqualTo(Standing.behind(1));
    assertThat(classify(heads, "1.2.0")).isEqualTo(Standing.CURRENT);
  }

  @Test
  void shouldCallAVersionNewerThanTheHeadCurrent() {
    ChannelHeads heads = new ChannelHeads(versions("1.2.0"), List.of());

    assertThat(classify(heads, "1.3.0-dev.4")).isEqualTo(Standing.CURRENT);
  }

  @Test
  void shouldCompareByPrecedenceNotByText() {
    ChannelHeads heads =
        new ChannelHeads(versions("2.4.1", "2.4.1-stable", "2.5.0-beta.1"), List.of());

    assertThat(classify(heads, "2.4.1+build.7")).isEqualTo(Standing.behind(1));
    assertThat(classify(heads, "2.5.0-beta.1")).isEqualTo(Standing.CURRENT);
  }

  @Test
  void shouldPutClientsOfAPulledReleaseOnPulledWhateverIsNewer() {
    ChannelHeads heads = new ChannelHeads(versions("1.0.0", "1.2.0"), versions("1.1.0"));

    assertThat(classify(heads, "1.1.0")).isEqualTo(Standing.ON_PULLED);
    assertThat(heads.head()).contains(Version.parse("1.2.0"));
  }

  @Test
  void shouldTreatAReleaseStillActiveOnTheChainAsActive() {
    // Pulled from beta, still on stable, which beta follows.
    ChannelHeads heads = new ChannelHeads(versions("1.1.0"), versions("1.1.0"));

    assertThat(classify(heads, "1.1.0")).isEqualTo(Standing.CURRENT);
  }

  @Test
  void shouldCallEveryClientCurrentWhenNothingIsPublished() {
    assertThat(ChannelHeads.NONE.head()).isEmpty();
    assertThat(classify(ChannelHeads.NONE, "0.1.0")).isEqualTo(Standing.CURRENT);
  }

  @Test
  void shouldShowTheCountOnlyWhenBehind() {
    assertThat(Standing.behind(3).releasesBehindOrNull()).isEqualTo(3);
    assertThat(Standing.CURRENT.releasesBehindOrNull()).isNull();
  }
}
