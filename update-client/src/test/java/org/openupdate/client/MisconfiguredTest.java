package org.openupdate.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.client.UpdateClient.Outcome;
import org.openupdate.client.testing.AgentHome;
import org.openupdate.client.testing.FakeUpdateServer;

/**
 * A server that refuses the agent's configuration (the check's problem+json answers of
 * update-server's CheckService, DecisionEngine and LicenseRules) is not an unreachable server: the
 * agent says which configuration field to fix.
 */
class MisconfiguredTest {
  @TempDir Path dir;
  private FakeUpdateServer server;
  private AgentHome home;

  @BeforeEach
  void start() throws IOException {
    server = new FakeUpdateServer();
    home = new AgentHome(dir, server.url());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void shouldNameTheProductFieldWhenTheServerDoesNotKnowTheProduct() {
    server.checkProblem(404, "not-found", "unknown product 'cm-diagnostics'", "X-Product");

    var result = home.client().check();

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.MISCONFIGURED);
    assertThat(result.message())
        .isEqualTo(
            "the server does not know product 'cm-diagnostics' (HTTP 404: unknown product"
                + " 'cm-diagnostics'): check configuration field 'product'");
  }

  @Test
  void shouldShowTheMisconfigurationInStatus() {
    server.checkProblem(404, "not-found", "unknown product 'cm-diagnostics'", "X-Product");
    home.client().check();

    var status = home.client().status();

    assertThat(status.state()).isEqualTo("misconfigured");
    assertThat(status.reason()).contains("check configuration field 'product'");
  }

  /**
   * The daemon waits at least half an hour after a refusal (Pacing), and status says until when.
   */
  @Test
  void shouldShowInStatusThatTheDaemonBacksOffLongerWhenMisconfigured() throws Exception {
    server.checkProblem(404, "not-found", "unknown product 'cm-diagnostics'", "X-Product");
    Instant started = Instant.now();

    daemonUntilItWaits();

    String next = home.client().status().nextCheck();
    assertThat(next).endsWith(" (backing off: misconfigured)");
    assertThat(Instant.parse(next.substring(0, next.indexOf(' '))))
        .isAfterOrEqualTo(started.plus(Duration.ofMinutes(30)));
    assertThat(home.log())
        .anyMatch(line -> line.matches("next check in \\d+ s \\(backing off: misconfigured\\)"));
  }

  @Test
  void shouldShowTheNormalIntervalInStatusOnceTheServerAcceptsTheConfiguration() throws Exception {
    home.set("checkInterval", 120);
    server.checkStatus(200);
    Instant started = Instant.now();

    daemonUntilItWaits();

    String next = home.client().status().nextCheck();
    assertThat(next).doesNotContain("backing off");
    assertThat(Instant.parse(next))
        .as("120 minutes +/- the default 10% jitter")
        .isBetween(started.plus(Duration.ofMinutes(100)), started.plus(Duration.ofMinutes(140)));
  }

  /** Runs the daemon loop until it has recorded its next check, then stops it. */
  private void daemonUntilItWaits() throws Exception {
    UpdateClient daemon = home.client();
    Thread loop =
        new Thread(
            () -> {
              try {
                daemon.run();
              } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
              }
            });
    loop.start();
    Path nextCheck = home.state().resolve("next-check.json");
    for (int i = 0; i < 600 && !Files.exists(nextCheck); i++) {
      Thread.sleep(100);
    }
    loop.interrupt();
    loop.join(30_000);
    assertThat(loop.isAlive()).isFalse();
    assertThat(nextCheck).exists();
  }

  @Test
  void shouldCheckNormallyAgainOnceTheServerAcceptsTheConfiguration() {
    server.checkProblem(404, "not-found", "unknown product 'cm-diagnostics'", "X-Product");
    home.client().check();
    server.checkStatus(200);

    var result = home.client().check();

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.UP_TO_DATE);
    assertThat(home.client().status().state()).isEqualTo("idle");
  }

  @Test
  void shouldNameTheChannelFieldWhenTheProductHasNoSuchChannel() {
    home.set("channel", "nightly").set("acceptedChannels", java.util.List.of("nightly"));
    server.checkProblem(
        404, "not-found", "product 'cm-diagnostics' has no channel 'nightly'", "X-Channel");

    var result = home.client().check();

    assertThat(result.outcome()).isEqualTo(Outcome.MISCONFIGURED);
    assertThat(result.message())
        .startsWith("the server has no channel 'nightly' for product 'cm-diagnostics'")
        .endsWith("check configuration field 'channel'");
  }

  @Test
  void shouldNameTheChannelFieldWhenTheLicenseDoesNotAllowTheChannel() {
    home.set("licenseKey", "LK-SECRET-1234");
    server.checkProblem(
        403, "forbidden", "the license does not allow channel 'stable'", "X-Channel");

    var result = home.client().check();

    assertThat(result.outcome()).isEqualTo(Outcome.MISCONFIGURED);
    assertThat(result.message())
        .contains("(HTTP 403: the license does not allow channel 'stable')")
        .endsWith("check configuration field 'channel'");
  }

  @Test
  void shouldNameTheLicenseKeyFieldWhenTheServerRequiresALicense() {
    server.checkProblem(
        401, "unauthorized", "a license key is required on this server", "X-License-Key");

    var result = home.client().check();

    assertThat(result.outcome()).isEqualTo(Outcome.MISCONFIGURED);
    assertThat(result.message())
        .isEqualTo(
            "the server requires a license key (HTTP 401: a license key is required on this"
                + " server): check configuration field 'licenseKey'");
  }

  @Test
  void shouldNameTheLicenseKeyFieldWithoutShowingTheKeyWhenTheLicenseIsRevoked() {
    home.set("licenseKey", "LK-SECRET-1234");
    server.checkProblem(403, "forbidden", "the license has been revoked", "X-License-Key");

    var result = home.client().check();

    assertThat(result.outcome()).isEqualTo(Outcome.MISCONFIGURED);
    assertThat(result.message())
        .startsWith("the server refuses the configured license key")
        .endsWith("check configuration field 'licenseKey'")
        .doesNotContain("LK-SECRET-1234");
  }

  @Test
  void shouldNameTheServerUrlWhenNoUpdateServerAnswersThere() {
    server.checkStatus(404);

    var result = home.client().check();

    assertThat(result.outcome()).isEqualTo(Outcome.MISCONFIGURED);
    assertThat(result.message())
        .startsWith("no update server answers at " + server.url() + "/api/v1/updates/check")
        .endsWith("check configuration field 'serverUrl'");
  }
}
