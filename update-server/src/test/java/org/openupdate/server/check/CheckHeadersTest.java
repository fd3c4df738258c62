package org.openupdate.server.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.openupdate.server.problem.ProblemException;

/** The character rules of the check's headers, each refusal naming its header. */
class CheckHeadersTest {

  @Test
  void shouldAcceptNamesOfUpTo100Characters() {
    String longest = "a" + "b.c_d-".repeat(16) + "xyz";
    assertThat(longest).hasSize(100);
    assertThat(CheckHeaders.channel(longest)).isEqualTo(longest);
    assertThat(CheckHeaders.product(" Stable-2.x ", "default")).isEqualTo("Stable-2.x");
    assertThat(CheckHeaders.product(null, "default")).isEqualTo("default");
  }

  @Test
  void shouldRefuseNamesTooLongOrStartingWithPunctuationOrNotAscii() {
    assertRefused(() -> CheckHeaders.channel("a".repeat(101)), "X-Channel");
    assertRefused(() -> CheckHeaders.channel("-stable"), "X-Channel");
    assertRefused(() -> CheckHeaders.channel("sta ble"), "X-Channel");
    assertRefused(() -> CheckHeaders.channel("stäble"), "X-Channel");
    assertRefused(() -> CheckHeaders.product("prod/uct", "default"), "X-Product");
  }

  @Test
  void shouldAcceptClientIdsOfUpTo200AllowedCharacters() {
    String longest = "urn:client_1.a-".repeat(13) + "12345";
    assertThat(longest).hasSize(200);
    assertThat(CheckHeaders.clientId(longest)).isEqualTo(longest);
    assertThat(CheckHeaders.clientId(":leading-colon")).isEqualTo(":leading-colon");
    assertThat(CheckHeaders.clientId("  ")).isNull();
  }

  @Test
  void shouldRefuseClientIdsTooLongOrWithOtherCharacters() {
    assertRefused(() -> CheckHeaders.clientId("x".repeat(201)), "X-Client-Id");
    assertRefused(() -> CheckHeaders.clientId("a/b"), "X-Client-Id");
    assertRefused(() -> CheckHeaders.clientId("client\u00e9"), "X-Client-Id");
  }

  @Test
  void shouldAcceptOnlyLowerCasePlatformsOfUpTo50Characters() {
    assertThat(CheckHeaders.platform("bare-metal")).isEqualTo("bare-metal");
    assertThat(CheckHeaders.platform("k" + "8".repeat(49))).hasSize(50);
    assertThat(CheckHeaders.platform(null)).isNull();
    assertRefused(() -> CheckHeaders.platform("Kubernetes"), "X-Platform");
    assertRefused(() -> CheckHeaders.platform("_lxc"), "X-Platform");
    assertRefused(() -> CheckHeaders.platform("k".repeat(51)), "X-Platform");
  }

  @Test
  void shouldKeepAgentVersionsOfUpTo50CharactersAndIgnoreOthersWithoutRefusing() {
    assertThat(CheckHeaders.agentVersion(" 0.3.1+build.7 ")).isEqualTo("0.3.1+build.7");
    assertThat(CheckHeaders.agentVersion("1" + ".0".repeat(24) + "x")).hasSize(50);
    assertThat(CheckHeaders.agentVersion("1" + ".0".repeat(25))).isNull();
    assertThat(CheckHeaders.agentVersion("0.3.1; rm -rf /")).isNull();
    assertThat(CheckHeaders.agentVersion("-0.3.1")).isNull();
    assertThat(CheckHeaders.agentVersion("")).isNull();
    assertThat(CheckHeaders.agentVersion(null)).isNull();
  }

  @Test
  void shouldParseRepeatedVersionsAlikeAndStillRefuseMalformedOnes() {
    assertThat(CheckHeaders.version("2.5.0-beta.3"))
        .isEqualTo(CheckHeaders.version(" 2.5.0-beta.3 "))
        .hasToString("2.5.0-beta.3");
    assertRefused(() -> CheckHeaders.version("2.5"), "X-Current-Version");
    assertRefused(() -> CheckHeaders.version("2.5"), "X-Current-Version");
    assertRefused(() -> CheckHeaders.version(null), "X-Current-Version");
  }

  private static void assertRefused(Runnable parse, String header) {
    assertThatThrownBy(parse::run)
        .isInstanceOfSatisfying(
            ProblemException.class,
            refused -> assertThat(refused.errors()).extracting("field").containsExactly(header));
  }

  @Test
  void shouldReadDismissedVersionsAndIgnoreAMalformedList() {
    assertThat(CheckHeaders.dismissedVersions("1.2.0, 1.3.0-rc.1")).isEqualTo("1.2.0,1.3.0-rc.1");
    assertThat(
            CheckHeaders.dismissedVersions(
                String.join(",", java.util.Collections.nCopies(10, "1.0.0"))))
        .hasSize(59);
    assertThat(
            CheckHeaders.dismissedVersions(
                String.join(",", java.util.Collections.nCopies(11, "1.0.0"))))
        .isNull();
    assertThat(CheckHeaders.dismissedVersions("1.2.0,latest")).isNull();
    assertThat(CheckHeaders.dismissedVersions("1.2.0,")).isNull();
    assertThat(CheckHeaders.dismissedVersions(" ")).isNull();
    assertThat(CheckHeaders.dismissedVersions(null)).isNull();
  }

  @Test
  void shouldReadAScheduledInstallAndIgnoreAMalformedOne() {
    assertThat(CheckHeaders.scheduledInstall("1.2.0 2026-12-24T22:00:00Z"))
        .isEqualTo(
            new CheckHeaders.Scheduled("1.2.0", java.time.Instant.parse("2026-12-24T22:00:00Z")));
    assertThat(CheckHeaders.scheduledInstall("1.2.0 tomorrow")).isNull();
    assertThat(CheckHeaders.scheduledInstall("1.2 2026-12-24T22:00:00Z")).isNull();
    assertThat(CheckHeaders.scheduledInstall("1.2.0")).isNull();
    assertThat(CheckHeaders.scheduledInstall(null)).isNull();
  }
}
