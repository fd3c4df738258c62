package org.openupdate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.client.testing.Release.aRelease;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.client.UpdateClient.Outcome;
import org.openupdate.client.testing.AgentHome;
import org.openupdate.client.testing.FakeUpdateServer;
import org.openupdate.client.testing.Release;
import org.openupdate.manifest.RefusalReason;
import org.openupdate.manifest.StatusReport;
import org.openupdate.manifest.UpdateStatus;

/**
 * The agent fetches from the server and the configured mirrors only: no redirect to, and no URL in
 * a check answer on, any other origin.
 */
class OriginTest {
  @TempDir Path dir;
  private FakeUpdateServer server;
  private FakeUpdateServer elsewhere;
  private AgentHome home;
  private final Release release = aRelease("2.0.0").build();

  @BeforeEach
  void start() throws IOException {
    server = new FakeUpdateServer();
    elsewhere = new FakeUpdateServer();
    home = new AgentHome(dir, server.url());
    server.offer(release);
    elsewhere.offer(release);
  }

  @AfterEach
  void stop() {
    server.close();
    elsewhere.close();
  }

  @Test
  void shouldFollowARedirectToAConfiguredMirror() {
    String manifest = FakeUpdateServer.manifestPath(release);
    server.redirect(manifest, elsewhere.url() + manifest);
    home.set("mirrors", List.of(elsewhere.url() + "/downloads/"));

    var result = home.client().apply(false);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.INSTALLED);
    assertThat(elsewhere.requested()).contains(manifest);
  }

  @Test
  void shouldRefuseARedirectToAnOriginThatIsNoMirror() {
    String manifest = FakeUpdateServer.manifestPath(release);
    server.redirect(manifest, elsewhere.url() + manifest);

    var result = home.client().apply(false);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.REFUSED);
    assertThat(result.message())
        .contains(
            "redirects to " + elsewhere.url() + manifest,
            "is neither the server nor a mirror configured in 'mirrors'");
    assertThat(elsewhere.requested()).isEmpty();
    assertLastReportRefused(RefusalReason.MALFORMED);
  }

  @Test
  void shouldRefuseACheckAnswerPointingAtAnotherOrigin() {
    server.offerVia(release, elsewhere.url());

    var result = home.client().check();

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.REFUSED);
    assertThat(result.message())
        .contains("the check answer points at " + elsewhere.url(), "'mirrors'");
    assertThat(elsewhere.requested()).isEmpty();
    assertLastReportRefused(RefusalReason.MALFORMED);
  }

  @Test
  void shouldRefuseACheckRedirectedToAnotherOrigin() {
    server.redirect("/api/v1/updates/check", elsewhere.url() + "/api/v1/updates/check");

    var result = home.client().check();

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.REFUSED);
    assertThat(result.message()).contains("is neither the server nor a mirror");
    assertThat(elsewhere.requested()).isEmpty();
  }

  @Test
  void shouldRefuseAnArtifactRedirectedToAnotherOrigin() {
    String artifact = "/api/v1/artifacts/" + release.artifacts().keySet().iterator().next();
    server.redirect(artifact, elsewhere.url() + artifact);

    var result = home.client().apply(false);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.REFUSED);
    assertThat(elsewhere.requested()).isEmpty();
    assertThat(home.install().resolve("current")).doesNotExist();
    assertLastReportRefused(RefusalReason.BAD_HASH);
  }

  private void assertLastReportRefused(RefusalReason reason) {
    StatusReport last = server.reports().get(server.reports().size() - 1);
    assertThat(last.status()).isEqualTo(UpdateStatus.REFUSED);
    assertThat(last.refusal()).isEqualTo(reason);
  }
}
