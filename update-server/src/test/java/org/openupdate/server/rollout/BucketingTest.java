package org.openupdate.server.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BucketingTest {

  private static final List<String> CLIENTS =
      IntStream.range(0, 10_000).mapToObj(i -> new UUID(i * 7919L, i).toString()).toList();

  @Test
  void shouldPlaceTenThousandClientsWithinOnePointOfEachPercentage() {
    for (int percentage : new int[] {1, 5, 25, 50, 75, 99}) {
      long inside =
          CLIENTS.stream().filter(c -> Bucketing.isInside(c, "app", "2.4.1", percentage)).count();
      assertThat(inside / 100.0).as("share at %d%%", percentage).isCloseTo(percentage, within(1.0));
    }
  }

  @Test
  void shouldKeepEarlyClientsInsideWhenThePercentageRises() {
    List<String> atFive =
        CLIENTS.stream().filter(c -> Bucketing.isInside(c, "app", "2.4.1", 5)).toList();
    List<String> atTwentyFive =
        CLIENTS.stream().filter(c -> Bucketing.isInside(c, "app", "2.4.1", 25)).toList();

    assertThat(atFive).isNotEmpty();
    assertThat(atTwentyFive).containsAll(atFive).hasSizeGreaterThan(atFive.size() * 4);
  }

  @Test
  void shouldGiveTheSameAnswerOnEveryPoll() {
    String client = "5f0c7a52-2a1e-4c4e-9a53-3a1f0c6c2b11";
    double first = Bucketing.bucketOf(client, "app", "2.4.1");
    assertThat(IntStream.range(0, 100).mapToDouble(i -> Bucketing.bucketOf(client, "app", "2.4.1")))
        .containsOnly(first);
    assertThat(first).isGreaterThanOrEqualTo(0.0).isLessThan(100.0);
  }

  @Test
  void shouldPickDifferentCanariesForDifferentReleases() {
    List<String> canariesOfOne =
        CLIENTS.stream().filter(c -> Bucketing.isInside(c, "app", "2.4.1", 5)).toList();
    List<String> canariesOfNext =
        CLIENTS.stream().filter(c -> Bucketing.isInside(c, "app", "2.4.2", 5)).toList();

    assertThat(canariesOfOne).isNotEqualTo(canariesOfNext);
  }

  @Test
  void shouldOfferOnlyFullyRolledOutReleasesToClientsWithoutId() {
    assertThat(Bucketing.isInside(null, "app", "2.4.1", 99)).isFalse();
    assertThat(Bucketing.isInside(null, "app", "2.4.1", 100)).isTrue();
  }

  private static org.assertj.core.data.Offset<Double> within(double value) {
    return org.assertj.core.data.Offset.offset(value);
  }
}
