package org.openupdate.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {

  private final AtomicLong now = new AtomicLong(1_000_000);

  private final Clock clock =
      new Clock() {
        @Override
        public long millis() {
          return now.get();
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(now.get());
        }

        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }
      };

  @Test
  void shouldAllowTheBurstThenOneRequestPerRefillInterval() {
    TokenBuckets buckets = new TokenBuckets(60, 3, 100, clock);
    assertThat(buckets.take("a")).isZero();
    assertThat(buckets.take("a")).isZero();
    assertThat(buckets.take("a")).isZero();
    assertThat(buckets.take("a")).as("ms until the next token").isEqualTo(1000);
    assertThat(buckets.take("b")).as("another key has its own bucket").isZero();

    now.addAndGet(400);
    assertThat(buckets.take("a")).isEqualTo(600);
    now.addAndGet(600);
    assertThat(buckets.take("a")).isZero();
  }

  @Test
  void shouldForgetOnlyBucketsThatHaveRefilled() {
    TokenBuckets buckets = new TokenBuckets(60, 2, 100, clock);
    buckets.take("quiet");
    now.addAndGet(5_000);
    buckets.take("busy");
    buckets.forgetIdle(now.get());
    assertThat(buckets.tracked()).isEqualTo(1);
    assertThat(buckets.take("busy")).as("the busy bucket kept its state").isZero();
    assertThat(buckets.take("busy")).isPositive();
  }

  @Test
  void shouldForgetIdleBucketsWhenTrackingTheMostItMay() {
    TokenBuckets buckets = new TokenBuckets(60, 1, 2, clock);
    buckets.take("a");
    buckets.take("b");
    now.addAndGet(2_000);
    buckets.take("c");
    assertThat(buckets.tracked()).isEqualTo(1);
  }

  @Test
  void shouldRefuseALimitThatLetsNothingThrough() {
    assertThatThrownBy(() -> new TokenBuckets(0, 5, 10, clock))
        .hasMessageContaining("was 0 a minute");
  }
}
