package org.openupdate.server.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.openupdate.server.support.Admin.asAdmin;
import static org.openupdate.server.support.ReleaseFixture.aRelease;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openupdate.manifest.pgp.DetachedSigner;
import org.openupdate.manifest.pgp.PgpKeys;
import org.openupdate.server.support.Admin;
import org.openupdate.server.support.ReleaseFixture;

/** Every manifest signed for a channel carries a sequence above the channel's previous one. */
@QuarkusTest
class ManifestSequenceTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldSignEachPublicationWithTheChannelsNextSequence() throws IOException {
    ReleaseFixture first = aRelease().published();
    ReleaseFixture second = first.version("1.1.0").published();
    long one = sequence(first.served("manifest?channel=stable"));
    long two = sequence(second.served("manifest?channel=stable"));
    second.promote("beta").statusCode(200);
    long beta = sequence(second.served("manifest?channel=beta"));

    assertThat(two).isGreaterThan(one);
    assertThat(beta).isPositive();
    channel("stable").body("manifestSequence", equalTo((int) two));
    channel("beta").body("manifestSequence", equalTo((int) beta));
    assertThat(JSON.readTree(first.served("manifest")).has("sequence"))
        .as("the release's own manifest stays the uploaded bytes")
        .isFalse();
  }

  @Test
  void shouldGiveConcurrentPublicationsDistinctIncreasingSequences() throws Exception {
    String channel = Admin.unique("seq");
    asAdmin()
        .contentType("application/json")
        .body(Map.of("name", channel))
        .post("/api/v1/admin/channels")
        .then()
        .statusCode(201);
    ReleaseFixture base = aRelease().set("channel", channel);
    List<ReleaseFixture> releases =
        IntStream.range(0, 8)
            .mapToObj(i -> base.version("1." + i + ".0").createDraft().uploadAll())
            .toList();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<CompletableFuture<ReleaseFixture>> published = new ArrayList<>();
    releases.forEach(
        r -> published.add(CompletableFuture.supplyAsync(() -> r.publish(channel), pool)));
    published.forEach(CompletableFuture::join);
    pool.shutdown();

    List<Long> sequences = new ArrayList<>();
    for (ReleaseFixture r : releases) {
      sequences.add(sequence(r.served("manifest?channel=" + channel)));
    }
    assertThat(sequences).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
  }

  @Test
  void shouldRequireAnOfflineSignedManifestToCarryASequenceAboveTheChannels() throws IOException {
    ReleaseFixture unsequenced = signedOffline(aRelease());
    publish(unsequenced)
        .statusCode(422)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("/sequence"));

    ReleaseFixture stale = signedOffline(aRelease().set("sequence", 1));
    aRelease().published();
    publish(stale)
        .statusCode(409)
        .body("errors.field", hasItem("/sequence"))
        .body("detail", containsString("must be above"));

    ReleaseFixture fresh = aRelease().nextSequence("stable");
    long chosen =
        ((Number) JSON.readValue(fresh.manifestBytes(), Map.class).get("sequence")).longValue();
    signedOffline(fresh);
    publish(fresh).statusCode(200);
    channel("stable").body("manifestSequence", equalTo((int) chosen));
    assertThat(fresh.served("manifest?channel=stable")).isEqualTo(fresh.manifestBytes());
  }

  static long sequence(byte[] manifest) throws IOException {
    return JSON.readTree(manifest).get("sequence").asLong();
  }

  private static ReleaseFixture signedOffline(ReleaseFixture release) throws IOException {
    release.createDraft().uploadAll();
    byte[] signature =
        DetachedSigner.sign(
            release.manifestBytes(),
            List.of(
                PgpKeys.readSigningKey(
                    ManifestSequenceTest.class
                        .getResourceAsStream("/openpgp/vendor-ed25519.sec.asc")
                        .readAllBytes(),
                    null)),
            Instant.now());
    asAdmin()
        .contentType("application/pgp-signature")
        .body(signature)
        .put(release.path() + "/signature")
        .then()
        .statusCode(200);
    return release;
  }

  private static ValidatableResponse publish(ReleaseFixture release) {
    return asAdmin()
        .contentType("application/json")
        .body(Map.of("channel", "stable"))
        .post(release.path() + "/publish")
        .then();
  }

  private static ValidatableResponse channel(String name) {
    return asAdmin().get("/api/v1/admin/channels/" + name).then().statusCode(200);
  }
}
