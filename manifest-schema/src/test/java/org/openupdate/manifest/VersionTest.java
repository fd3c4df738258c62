package org.openupdate.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {

  @ParameterizedTest(name = "{0} < {1}")
  @CsvSource({
    "1.0.0, 2.0.0",
    "2.0.0, 2.1.0",
    "2.1.0, 2.1.1",
    "2.4.0, 2.4.1",
    "2.4.1, 2.4.10",
    "2.9.9, 2.10.0",
    "9.0.0, 10.0.0",
    "1.0.0-alpha, 1.0.0-alpha.1",
    "1.0.0-alpha.1, 1.0.0-alpha.beta",
    "1.0.0-alpha.beta, 1.0.0-beta",
    "1.0.0-beta, 1.0.0-beta.2",
    "1.0.0-beta.2, 1.0.0-beta.11",
    "1.0.0-beta.11, 1.0.0-rc.1",
    "1.0.0-rc.1, 1.0.0",
    "2.5.0-beta.3, 2.5.0",
    "2.5.0-beta.3, 2.5.0-beta.4",
    "2.5.0-beta.3, 2.5.0-rc.1",
    "2.5.0-nightly.20240315, 2.5.0-nightly.20240316",
    "2.5.0-nightly.20240315, 2.5.0",
    "2.5.0-beta.9, 2.5.0-nightly.1",
    "2.5.0-nightly.20240315, 2.5.0-rc.1",
    "2.4.1-stable, 2.5.0-beta.3",
    "2.4.1, 2.5.0-beta.3",
    "2.4.0-stable, 2.4.1-stable",
    "2.4.1-stable, 2.4.2",
    "2.4.1-beta.1, 2.4.1-stable",
    "1.0.0-1, 1.0.0-alpha",
    "1.0.0-2, 1.0.0-10",
    "0.9.9, 1.0.0-alpha",
    "1.0.0-rc.1+build.1, 1.0.0",
    "99999999999999999999.0.0, 100000000000000000000.0.0",
  })
  void shouldOrderByPrecedence(String lower, String higher) {
    Version low = Version.parse(lower);
    Version high = Version.parse(higher);
    assertThat(low).isLessThan(high);
    assertThat(high).isGreaterThan(low);
    assertThat(high.isNewerThan(low)).isTrue();
    assertThat(low.isNewerThan(high)).isFalse();
  }

  @ParameterizedTest(name = "{0} == {1}")
  @CsvSource({
    "2.4.1-stable, 2.4.1",
    "1.0.0+build.1, 1.0.0",
    "1.0.0-beta.1+exp.sha.5114f85, 1.0.0-beta.1",
    "2.4.1-stable+20240315, 2.4.1",
  })
  void shouldTreatStableTagAndBuildMetadataAsEqual(String a, String b) {
    assertThat(Version.parse(a)).isEqualByComparingTo(Version.parse(b));
    assertThat(Version.parse(a)).isEqualTo(Version.parse(b)).hasSameHashCodeAs(Version.parse(b));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2.5.0-beta.3", "2.5.0-nightly.20240315", "2.5.0-rc.1"})
  void shouldRecognisePreReleases(String text) {
    assertThat(Version.parse(text).isPreRelease()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2.4.1", "2.4.1-stable"})
  void shouldRecogniseReleases(String text) {
    assertThat(Version.parse(text).isPreRelease()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "2",
        "2.4",
        "v2.4.1",
        "2.4.1.",
        "02.4.1",
        "2.04.1",
        "2.4.1-",
        "2.4.1-beta..1",
        "2.4.1-01",
        "2.4.1+",
        "latest",
        "2.4.1 ",
        "-1.0.0"
      })
  void shouldRejectInvalidVersionNamingTheInput(String text) {
    assertThatThrownBy(() -> Version.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'");
    assertThat(Version.isValid(text)).isFalse();
  }

  @org.junit.jupiter.api.Test
  void shouldTellWhatASemanticVersionLooksLikeInsteadOfShowingTheRegex() {
    assertThatThrownBy(() -> Version.parse("2.1"))
        .hasMessage("'2.1' is not a semantic version: expected MAJOR.MINOR.PATCH[-PRE][+BUILD]");
  }

  @org.junit.jupiter.api.Test
  void shouldKeepTheParsedTextAndParts() {
    Version v = Version.parse("2.5.0-beta.3");
    assertThat(v).hasToString("2.5.0-beta.3");
    assertThat(v.major()).isEqualTo(2);
    assertThat(v.minor()).isEqualTo(5);
    assertThat(v.patch()).isZero();
  }
}
