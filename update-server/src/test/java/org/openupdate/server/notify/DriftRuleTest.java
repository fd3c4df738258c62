package org.openupdate.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.openupdate.manifest.Version;

class DriftRuleTest {

  private static final Instant CUT_OFF = Instant.parse("2026-12-01T00:00:00Z");
  private static final Instant EARLIER = CUT_OFF.minusSeconds(3600);
  private static final Instant LATER = CUT_OFF.plusSeconds(60);

  @Test
  void shouldFindClientsBehindOnlyReleasesLiveSinceBeforeTheCutOff() {
    DriftRule rule = new DriftRule(CUT_OFF);
    rule.add(Version.parse("1.0.0"), EARLIER, null);
    rule.add(Version.parse("1.1.0"), EARLIER, null);
    rule.add(Version.parse("2.0.0"), LATER, null);

    assertThat(rule.judge(Version.parse("1.0.0"))).contains(DriftRule.Verdict.BEHIND);
    assertThat(rule.judge(Version.parse("1.1.0"))).isEmpty();
    assertThat(rule.judge(Version.parse("2.0.0"))).isEmpty();
    assertThat(rule.head()).contains(Version.parse("2.0.0"));
  }

  @Test
  void shouldFindClientsOnAReleasePulledBeforeTheCutOffWhateverIsNewer() {
    DriftRule rule = new DriftRule(CUT_OFF);
    rule.add(Version.parse("1.0.0"), EARLIER, null);
    rule.add(Version.parse("1.1.0"), EARLIER, EARLIER);
    rule.add(Version.parse("1.2.0"), EARLIER, LATER);

    assertThat(rule.judge(Version.parse("1.1.0"))).contains(DriftRule.Verdict.ON_PULLED);
    assertThat(rule.judge(Version.parse("1.2.0"))).as("pulled too recently").isEmpty();
    assertThat(rule.head()).as("pulled releases are no head").contains(Version.parse("1.0.0"));
  }
}
