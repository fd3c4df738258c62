package org.openupdate.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShedLogTest {

  private static final long T = 1_790_000_000_000L;

  @Test
  void shouldSayOnceAMinuteHowManySightingsWereShedSinceItLastSaidSo() {
    ShedLog log = new ShedLog(500_000);

    assertThat(log.due(0, T)).isEmpty();
    assertThat(log.due(3, T))
        .hasValueSatisfying(
            l ->
                assertThat(l)
                    .startsWith("3 fleet sightings shed (3 since start)")
                    .contains("openupdate.fleet.max-pending"));
    assertThat(log.due(10, T + 59_999)).isEmpty();
    assertThat(log.due(10, T + 60_000))
        .hasValueSatisfying(
            l -> assertThat(l).startsWith("7 fleet sightings shed (10 since start)"));
    assertThat(log.due(10, T + 200_000)).as("nothing new shed").isEmpty();
  }
}
