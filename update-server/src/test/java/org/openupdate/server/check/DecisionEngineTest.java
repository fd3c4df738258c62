package org.openupdate.server.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openupdate.server.check.Offers.anOffer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openupdate.manifest.Version;
import org.openupdate.server.license.LicenseKeys;
import org.openupdate.server.license.LicenseView;
import org.openupdate.server.license.ReleasePolicy;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;

class DecisionEngineTest {

  private static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");
  private static final List<ChannelView> CHANNELS =
      List.of(
          new ChannelView("app", "stable", null),
          new ChannelView("app", "beta", "stable"),
          new ChannelView("app", "nightly", "beta"));

  private static CheckSnapshot of(
      long version,
      List<ChannelView> channels,
      List<ReleaseOffer> offers,
      List<org.openupdate.server.rollout.RolloutView> rollouts,
      Map<String, ReleasePolicy> policies,
      Map<String, LicenseView> licenses) {
    return CheckSnapshot.of(
        version, channels, offers, rollouts, policies, licenses, List.of(), List.of());
  }

  private static CheckSnapshot withRecall(RecallOffer recall, ReleaseOffer... offers) {
    return CheckSnapshot.of(
        1, CHANNELS, List.of(offers), List.of(), Map.of(), Map.of(), List.of(), List.of(recall));
  }

  private static RecallOffer recallOf(String pulled, String target) {
    return new RecallOffer(Version.parse(pulled), anOffer().version(target).build());
  }

  @Test
  void shouldOfferTheRecallTargetOnlyToClientsOnThePulledVersion() {
    var snapshot = withRecall(recallOf("2.5.0", "2.4.1"), anOffer().version("2.4.1").build());

    assertThat(decide(snapshot, "stable", "2.5.0")).contains("2.4.1");
    assertThat(decide(snapshot, "beta", "2.5.0")).as("beta follows stable").contains("2.4.1");
    assertThat(decide(snapshot, "stable", "2.4.1")).isEmpty();
    assertThat(decide(snapshot, "stable", "2.4.9")).isEmpty();
  }

  @Test
  void shouldPreferANewerReleaseAndKeepClientsWhoseChannelStillOffersTheVersion() {
    var newer =
        withRecall(
            recallOf("2.5.0", "2.4.1"),
            anOffer().version("2.4.1").build(),
            anOffer().version("2.6.0").build());
    var stillOnBeta =
        withRecall(
            recallOf("2.5.0", "2.4.1"),
            anOffer().version("2.4.1").build(),
            anOffer().version("2.5.0").channel("beta").build());

    assertThat(decide(newer, "stable", "2.5.0")).contains("2.6.0");
    assertThat(decide(stillOnBeta, "beta", "2.5.0")).isEmpty();
    assertThat(decide(stillOnBeta, "stable", "2.5.0")).contains("2.4.1");
  }

  private static CheckSnapshot snapshot(ReleaseOffer... offers) {
    return of(1, CHANNELS, List.of(offers), List.of(), Map.of(), Map.of());
  }

  private static Optional<String> decide(CheckSnapshot snapshot, String channel, String current) {
    return decide(
        snapshot, new CheckQuery("app", channel, Version.parse(current), "client-1", null));
  }

  private static Optional<String> decide(CheckSnapshot snapshot, CheckQuery query) {
    return DecisionEngine.decide(snapshot, query, false, NOW).map(o -> o.version().toString());
  }

  @Test
  void shouldOfferNewestReleaseOnTheClientsChannel() {
    var snapshot = snapshot(anOffer().version("2.4.0").build(), anOffer().version("2.4.1").build());

    assertThat(decide(snapshot, "stable", "2.3.0")).contains("2.4.1");
  }

  @Test
  void shouldOfferNothingWhenClientIsCurrentOrNewer() {
    var snapshot = snapshot(anOffer().version("2.4.1").build());

    assertThat(decide(snapshot, "stable", "2.4.1")).isEmpty();
    assertThat(decide(snapshot, "stable", "2.5.0")).isEmpty();
  }

  @Test
  void shouldOfferReleasesOfFollowedChannelsWhenNewer() {
    var snapshot =
        snapshot(
            anOffer().version("2.5.0-beta.1").channel("beta").build(),
            anOffer().version("2.5.0").channel("stable").build());

    assertThat(decide(snapshot, "nightly", "2.4.0")).contains("2.5.0");
    assertThat(decide(snapshot, "beta", "2.4.0")).contains("2.5.0");
    assertThat(decide(snapshot, "stable", "2.4.0")).contains("2.5.0");
  }

  @Test
  void shouldNotOfferReleasesOfALessStableChannelToItsFollowedChannel() {
    var snapshot = snapshot(anOffer().version("2.6.0-beta.1").channel("beta").build());

    assertThat(decide(snapshot, "stable", "2.4.0")).isEmpty();
    assertThat(decide(snapshot, "beta", "2.4.0")).contains("2.6.0-beta.1");
  }

  @Test
  void shouldOfferNewestSteppingStoneWhenClientIsBelowMinimumVersion() {
    var snapshot =
        snapshot(
            anOffer().version("1.9.0").build(),
            anOffer().version("2.0.0").minimumVersion("1.5.0").build(),
            anOffer().version("3.0.0").minimumVersion("2.0.0").build());

    assertThat(decide(snapshot, "stable", "1.2.0")).contains("1.9.0");
    assertThat(decide(snapshot, "stable", "1.6.0")).contains("2.0.0");
    assertThat(decide(snapshot, "stable", "2.0.0")).contains("3.0.0");
  }

  @Test
  void shouldSkipBlockedVersions() {
    var policy = new ReleasePolicy(false, Duration.ZERO, "stable", Set.of(v("2.4.1")), Set.of());
    var snapshot =
        of(
            1,
            CHANNELS,
            List.of(anOffer().version("2.4.0").build(), anOffer().version("2.4.1").build()),
            List.of(),
            Map.of("app", policy),
            Map.of());

    assertThat(decide(snapshot, "stable", "2.3.0")).contains("2.4.0");
  }

  @Test
  void shouldSkipExpiredManifests() {
    var snapshot =
        snapshot(
            anOffer().version("2.4.0").build(),
            anOffer().version("2.4.1").expires(NOW.minusSeconds(1)).build());

    assertThat(decide(snapshot, "stable", "2.3.0")).contains("2.4.0");
  }

  @Test
  void shouldKeepReleaseOffStableUntilItSoakedInALowerChannel() {
    var policy = new ReleasePolicy(false, Duration.ofHours(48), "stable", Set.of(), Set.of());
    ReleaseOffer justPromoted =
        anOffer().version("2.4.1").soakStartedAt(NOW.minus(Duration.ofHours(47))).build();
    ReleaseOffer soaked =
        anOffer().version("2.4.0").soakStartedAt(NOW.minus(Duration.ofHours(48))).build();
    ReleaseOffer neverTested = anOffer().version("2.3.9").build();
    var snapshot =
        of(
            1,
            CHANNELS,
            List.of(justPromoted, soaked, neverTested),
            List.of(),
            Map.of("app", policy),
            Map.of());

    assertThat(decide(snapshot, "stable", "2.3.0")).contains("2.4.0");
    var untestedOnly =
        of(1, CHANNELS, List.of(neverTested), List.of(), Map.of("app", policy), Map.of());
    assertThat(decide(untestedOnly, "stable", "2.3.0"))
        .as("2.3.9 was never on a lower channel")
        .isEmpty();
  }

  @Test
  void shouldRefuseChannelsOutsideThePolicy() {
    var policy = new ReleasePolicy(false, Duration.ZERO, "stable", Set.of(), Set.of("stable"));
    var snapshot =
        of(1, CHANNELS, List.of(anOffer().build()), List.of(), Map.of("app", policy), Map.of());

    assertThatThrownBy(() -> decide(snapshot, "beta", "2.0.0"))
        .isInstanceOfSatisfying(
            ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.FORBIDDEN));
  }

  @Test
  void shouldRejectUnknownChannelNamingTheHeader() {
    var snapshot = snapshot(anOffer().build());

    assertThatThrownBy(() -> decide(snapshot, "gold", "2.0.0"))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.type()).isEqualTo(ProblemType.NOT_FOUND);
              assertThat(e.errors()).extracting(f -> f.field()).containsExactly("X-Channel");
            });
  }

  @Test
  void shouldApplyLicenseCeilingAndBlockedVersions() {
    var license = new LicenseView(7, "ACME", Set.of(), null, false, Set.of(v("2.4.1")), v("2.5.0"));
    var snapshot =
        of(
            1,
            CHANNELS,
            List.of(
                anOffer().version("2.4.0").build(),
                anOffer().version("2.4.1").build(),
                anOffer().version("2.6.0").build()),
            List.of(),
            Map.of(),
            Map.of(LicenseKeys.hash("key-1"), license));

    var licensed = new CheckQuery("app", "stable", v("2.3.0"), "client-1", "key-1");
    var unlicensed = new CheckQuery("app", "stable", v("2.3.0"), "client-1", null);

    assertThat(decide(snapshot, licensed)).contains("2.4.0");
    assertThat(decide(snapshot, unlicensed)).contains("2.6.0");
  }

  @Test
  void shouldRefuseUnknownRevokedExpiredAndWrongChannelLicenses() {
    Map<String, LicenseView> licenses =
        Map.of(
            LicenseKeys.hash("revoked"),
            new LicenseView(1, "A", Set.of(), null, true, Set.of(), null),
            LicenseKeys.hash("expired"),
            new LicenseView(2, "B", Set.of(), NOW, false, Set.of(), null),
            LicenseKeys.hash("stable-only"),
            new LicenseView(3, "C", Set.of("stable"), null, false, Set.of(), null));
    var snapshot = of(1, CHANNELS, List.of(anOffer().build()), List.of(), Map.of(), licenses);

    assertThat(refusal(snapshot, "stable", "nobody-knows-me")).isEqualTo(ProblemType.UNAUTHORIZED);
    assertThat(refusal(snapshot, "stable", "revoked")).isEqualTo(ProblemType.FORBIDDEN);
    assertThat(refusal(snapshot, "stable", "expired")).isEqualTo(ProblemType.FORBIDDEN);
    assertThat(refusal(snapshot, "beta", "stable-only")).isEqualTo(ProblemType.FORBIDDEN);
    assertThat(decide(snapshot, new CheckQuery("app", "stable", v("2.0.0"), "c", "stable-only")))
        .contains("2.4.1");
  }

  @Test
  void shouldRequireALicenseOnlyWhenConfigured() {
    var snapshot = snapshot(anOffer().build());
    var query = new CheckQuery("app", "stable", v("2.0.0"), "c", null);

    assertThat(DecisionEngine.decide(snapshot, query, false, NOW)).isPresent();
    assertThatThrownBy(() -> DecisionEngine.decide(snapshot, query, true, NOW))
        .isInstanceOfSatisfying(
            ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.UNAUTHORIZED));
  }

  @Test
  void shouldOfferAStagedReleaseToItsShareOfClientsAndTheRestThePreviousOne() {
    var snapshot =
        snapshot(
            anOffer().version("2.4.0").build(), anOffer().version("2.4.1").percentage(25).build());

    long onNewest =
        IntStream.range(0, 10_000)
            .mapToObj(i -> new CheckQuery("app", "stable", v("2.3.0"), "client-" + i, null))
            .map(q -> decide(snapshot, q).orElseThrow())
            .filter("2.4.1"::equals)
            .count();

    assertThat(onNewest / 100.0).isCloseTo(25.0, org.assertj.core.data.Offset.offset(1.0));
  }

  @Test
  void shouldOfferOnlyFullyRolledOutReleasesToClientsWithoutId() {
    var snapshot =
        snapshot(
            anOffer().version("2.4.0").build(), anOffer().version("2.4.1").percentage(99).build());

    assertThat(decide(snapshot, new CheckQuery("app", "stable", v("2.3.0"), null, null)))
        .contains("2.4.0");
  }

  @Test
  void shouldOfferNothingFromAHaltedRollout() {
    var snapshot = snapshot(anOffer().version("2.4.1").percentage(0).build());

    assertThat(decide(snapshot, "stable", "2.3.0")).isEmpty();
  }

  private static ProblemType refusal(CheckSnapshot snapshot, String channel, String key) {
    try {
      DecisionEngine.decide(
          snapshot, new CheckQuery("app", channel, v("2.0.0"), "c", key), false, NOW);
      return null;
    } catch (ProblemException e) {
      return e.type();
    }
  }

  private static Version v(String text) {
    return Version.parse(text);
  }
}
