package org.openupdate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.client.testing.Release.aRelease;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.client.UpdateClient.Outcome;
import org.openupdate.client.testing.AgentHome;
import org.openupdate.client.testing.FakeUpdateServer;
import org.openupdate.client.testing.Release;
import org.openupdate.client.testing.TestKeys;

/**
 * A correctly signed manifest whose bytes hold a key twice means one version to a first-key-wins
 * reader and another to a last-key-wins one; the agent refuses it before acting on either.
 */
class DuplicateKeyManifestTest {

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
  void shouldRefuseASignedManifestWithADuplicateVersionAndStillInstallTheNextRelease() {
    Release honest = aRelease("2.7.0").build();
    byte[] twoMeanings =
        new String(honest.manifestBytes(), StandardCharsets.UTF_8)
            .replaceFirst("\"version\":\"2.7.0\"", "\"version\":\"2.7.0\",\"version\":\"7.7.7\"")
            .getBytes(StandardCharsets.UTF_8);
    server.offer(
        new Release(
            honest.manifest(),
            twoMeanings,
            TestKeys.sign(twoMeanings, TestKeys.vendor()),
            honest.artifacts()));

    var refused = home.client().apply(false);

    assertThat(refused.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(refused.message()).contains("Duplicate field 'version'");

    // 7.7.7 was never taken as seen: the next real release still installs.
    server.offer(aRelease("2.8.0").build());
    var next = home.client().apply(false);
    assertThat(next.outcome()).as(next.message()).isEqualTo(Outcome.INSTALLED);
  }
}
