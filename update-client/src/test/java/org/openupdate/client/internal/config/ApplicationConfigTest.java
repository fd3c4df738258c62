package org.openupdate.client.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.client.testing.TestKeys;

/**
 * The configuration of what real applications need: compatibility facts, maintenance mode, the
 * database, report-only mode and self-update. Each invalid value is refused naming its field.
 */
class ApplicationConfigTest {
  @TempDir Path dir;

  @BeforeEach
  void key() throws IOException {
    Files.write(dir.resolve("vendor.asc"), TestKeys.vendorPublicKey());
  }

  private Path config(String extra) throws IOException {
    String json =
        "{\"serverUrl\":\"https://updates.example.com\",\"product\":\"cm-diagnostics\","
            + "\"installDir\":\"install\",\"stateDir\":\"state\","
            + "\"trust\":{\"keys\":[\"vendor.asc\"],\"fingerprints\":[\""
            + TestKeys.VENDOR_FINGERPRINT
            + "\"]}"
            + extra
            + "}";
    return Files.writeString(dir.resolve("config.json"), json);
  }

  @Test
  void shouldReadCompatibilityFactsAndRefuseABlankOne() throws IOException {
    assertThat(
            ConfigLoader.load(config(",\"compatibility\":{\"database\":\"PostgreSQL 15\"}"))
                .compatibilityFacts())
        .containsEntry("database", "PostgreSQL 15");
    assertThatThrownBy(() -> ConfigLoader.load(config(",\"compatibility\":{\"database\":\" \"}")))
        .hasMessageContaining("'compatibility.database'");
  }

  @Test
  void shouldAcceptEveryDetectedPlatformAndDecideReportOnlyByIt() throws IOException {
    Settings vm = ConfigLoader.load(config(",\"platform\":\"vm\""));
    assertThat(vm.reportOnly("vm")).isFalse();
    assertThat(vm.reportOnly("container")).isTrue();
    assertThat(vm.reportOnly("kubernetes")).isTrue();
    assertThat(ConfigLoader.load(config(",\"reportOnly\":false")).reportOnly("container"))
        .isFalse();
    assertThatThrownBy(() -> ConfigLoader.load(config(",\"platform\":\"mainframe\"")))
        .hasMessageContaining("'platform'")
        .hasMessageContaining("lxc-unprivileged")
        .hasMessageContaining("'mainframe'");
    assertThatThrownBy(() -> ConfigLoader.load(config(",\"reportOnly\":\"maybe\"")))
        .hasMessageContaining("'reportOnly'");
  }

  @Test
  void shouldNameEachBadDatabaseField() throws IOException {
    Files.writeString(dir.resolve("driver.jar"), "not really a jar, but a file");
    Files.writeString(dir.resolve("db-password"), "secret\n");
    Settings settings =
        ConfigLoader.load(
            config(
                ",\"database\":{\"url\":\"jdbc:h2:mem:x\",\"driverJar\":\"driver.jar\","
                    + "\"passwordFile\":\"db-password\"}"));
    assertThat(settings.databasePassword()).isEqualTo("secret");
    assertThat(settings.driverJar()).isEqualTo(dir.resolve("driver.jar"));

    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    config(
                        ",\"database\":{\"url\":\"postgres://x\",\"driverJar\":\"driver.jar\"}")))
        .hasMessageContaining("'database.url'")
        .hasMessageContaining("'postgres://x'");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    config(",\"database\":{\"url\":\"jdbc:h2:mem:x\",\"driverJar\":\"nope.jar\"}")))
        .hasMessageContaining("'database.driverJar'")
        .hasMessageContaining("nope.jar");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    config(
                        ",\"database\":{\"url\":\"jdbc:h2:mem:x\",\"driverJar\":\"driver.jar\","
                            + "\"passwordFile\":\"missing\"}")))
        .hasMessageContaining("'database.passwordFile'");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    config(
                        ",\"database\":{\"url\":\"jdbc:h2:mem:x\",\"driverJar\":\"driver.jar\","
                            + "\"passwordEnv\":\"OPENUPDATE_TEST_SURELY_UNSET\"}")))
        .hasMessageContaining("'database.passwordEnv'")
        .hasMessageContaining("OPENUPDATE_TEST_SURELY_UNSET");
  }

  @Test
  void shouldReadTheDatabasePasswordFromASetEnvironmentVariable() throws IOException {
    Files.writeString(dir.resolve("driver.jar"), "not really a jar, but a file");
    // PATH: a variable set wherever the tests run; its value stands for a password.
    String expected = System.getenv("PATH");
    assertThat(expected).isNotEmpty();

    Settings settings =
        ConfigLoader.load(
            config(
                ",\"database\":{\"url\":\"jdbc:h2:mem:x\",\"driverJar\":\"driver.jar\","
                    + "\"passwordEnv\":\"PATH\"}"));

    assertThat(settings.databasePassword()).isEqualTo(expected);
  }

  @Test
  void shouldRequireTheMaintenanceFileAndNameABadAddress() throws IOException {
    assertThat(
            ConfigLoader.load(config(",\"maintenance\":{\"file\":\"www/maintenance.json\"}"))
                .maintenanceFile())
        .contains(dir.resolve("www/maintenance.json"));
    assertThatThrownBy(
            () -> ConfigLoader.load(config(",\"maintenance\":{\"message\":\"back soon\"}")))
        .hasMessageContaining("'maintenance.file'");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    config(
                        ",\"maintenance\":{\"file\":\"m.json\",\"allowedAddresses\":[\"10.0.0.1\",\"everyone\"]}")))
        .hasMessageContaining("'maintenance.allowedAddresses[1]'")
        .hasMessageContaining("'everyone'");
  }

  @Test
  void shouldDeriveTheAgentsOwnProductSettingsAndNameBadSelfUpdateFields() throws IOException {
    Settings settings =
        ConfigLoader.load(
            config(",\"licenseKey\":\"k\",\"selfUpdate\":{\"dir\":\"/opt/openupdate/agent\"}"));
    Settings agent = settings.forAgent("update-client").orElseThrow();
    assertThat(agent.product()).isEqualTo("update-client");
    assertThat(agent.channel()).isEqualTo("stable");
    assertThat(agent.installDir()).isEqualTo(Path.of("/opt/openupdate/agent"));
    assertThat(agent.stateDir()).isEqualTo(dir.resolve("state/self-update"));
    assertThat(agent.licenseKey()).isEmpty();
    assertThat(settings.confirmTimeout()).isEqualTo(300);
    assertThat(ConfigLoader.load(config("")).forAgent("update-client")).isEmpty();

    assertThatThrownBy(() -> ConfigLoader.load(config(",\"selfUpdate\":{\"channel\":\"beta\"}")))
        .hasMessageContaining("'selfUpdate.dir'");
    assertThatThrownBy(
            () -> ConfigLoader.load(config(",\"selfUpdate\":{\"dir\":\"a\",\"confirmTimeout\":0}")))
        .hasMessageContaining("'selfUpdate.confirmTimeout'")
        .hasMessageContaining("was 0");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(config(",\"selfUpdate\":{\"dir\":\"a\",\"channel\":\"Beta!\"}")))
        .hasMessageContaining("'selfUpdate.channel'");
  }
}
