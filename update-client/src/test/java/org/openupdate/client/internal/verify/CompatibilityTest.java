package org.openupdate.client.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompatibilityTest {
  private final Compatibility machine =
      new Compatibility(
          Map.of(
              "database", "PostgreSQL 15.4",
              "java", "17.0.9",
              "os", "linux",
              "kubernetes", "1.27.3"));

  @Test
  void shouldMatchTheOriginalDesignsForms() {
    assertThat(machine.unmet(Map.of("database", List.of("PostgreSQL 14+")))).isEmpty();
    assertThat(machine.unmet(Map.of("database", List.of("PostgreSQL 16+", "15")))).isEmpty();
    assertThat(machine.unmet(Map.of("database", List.of("postgresql 15.x")))).isEmpty();
    assertThat(machine.unmet(Map.of("kubernetes", List.of("1.26+", "1.27")))).isEmpty();
    assertThat(machine.unmet(Map.of("java", List.of("17+"), "os", List.of("linux")))).isEmpty();
  }

  @Test
  void shouldNameTheUnmetEntryAndWhatTheMachineHas() {
    assertThat(machine.unmet(Map.of("database", List.of("PostgreSQL 16+", "17"))))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .contains("'database'", "[PostgreSQL 16+, 17]", "'PostgreSQL 15.4'"));
    assertThat(machine.unmet(Map.of("database", List.of("MySQL 15")))).isPresent();
    assertThat(machine.unmet(Map.of("java", List.of("21+")))).isPresent();
    assertThat(machine.unmet(Map.of("kubernetes", List.of("1.2")))).isPresent();
    assertThat(machine.unmet(Map.of("os", List.of("windows")))).isPresent();
  }

  @Test
  void shouldRefuseAnEntryTheMachineStatesNothingAbout() {
    assertThat(machine.unmet(Map.of("contentManager", List.of("23.x"))))
        .hasValueSatisfying(
            why -> assertThat(why).contains("configuration field 'compatibility.contentManager'"));
  }

  @Test
  void shouldLetConfiguredFactsWinOverKnownOnes() {
    Compatibility configured = Compatibility.of("vm", Map.of("platform", "bare-metal"));
    assertThat(configured.unmet(Map.of("platform", List.of("bare-metal")))).isEmpty();
    assertThat(configured.unmet(Map.of("java", List.of(Runtime.version().feature() + ""))))
        .isEmpty();
  }
}
