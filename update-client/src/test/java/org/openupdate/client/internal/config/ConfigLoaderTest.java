package org.openupdate.client.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.client.testing.TestKeys;
import org.openupdate.client.testing.TestPki;

class ConfigLoaderTest {
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
  void shouldApplyTheOriginalDesignsDefaults() throws IOException {
    Settings settings = ConfigLoader.load(config(""));
    assertThat(settings.channel()).isEqualTo("stable");
    assertThat(settings.checkInterval()).isEqualTo(Duration.ofMinutes(360));
    assertThat(settings.autoInstall()).isFalse();
    assertThat(settings.raw().maintenanceWindow().days()).containsExactly("saturday", "sunday");
    assertThat(settings.raw().maintenanceWindow().startTime()).isEqualTo("02:00");
    assertThat(settings.raw().maintenanceWindow().endTime()).isEqualTo("06:00");
    assertThat(settings.raw().maintenanceWindow().timezone()).isEqualTo("UTC");
    assertThat(settings.automaticRollback()).isTrue();
    assertThat(settings.healthCheckTimeout()).isEqualTo(Duration.ofSeconds(300));
    assertThat(settings.keepVersions()).isEqualTo(3);
    assertThat(settings.installDir()).isEqualTo(dir.resolve("install"));
  }

  @Test
  void shouldAcceptTheChannelsAChannelFollowsByDefault() throws IOException {
    assertThat(ConfigLoader.load(config("")).acceptedChannels()).containsExactly("stable");
    assertThat(ConfigLoader.load(config(",\"channel\":\"early-access\"")).acceptedChannels())
        .containsExactly("early-access", "beta", "stable");
    assertThat(ConfigLoader.load(config(",\"channel\":\"acme-corp\"")).acceptedChannels())
        .containsExactly("acme-corp");
  }

  @Test
  void shouldRequireTheOwnChannelAmongTheAcceptedOnes() throws IOException {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    config(",\"channel\":\"acme-corp\",\"acceptedChannels\":[\"stable\"]")))
        .hasMessageContaining("'acceptedChannels'")
        .hasMessageContaining("'acme-corp'");
    assertThatThrownBy(
            () -> ConfigLoader.load(config(",\"acceptedChannels\":[\"stable\",\"Beta!\"]")))
        .hasMessageContaining("'acceptedChannels'")
        .hasMessageContaining("'Beta!'");
  }

  @Test
  void shouldReadTheNotifyHookAndNameABadTimeout() throws IOException {
    Settings settings = ConfigLoader.load(config(",\"hooks\":{\"notify\":\"/opt/app/notice.sh\"}"));
    assertThat(settings.notifyHook()).contains("/opt/app/notice.sh");
    assertThat(settings.notifyTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThatThrownBy(() -> ConfigLoader.load(config(",\"hooks\":{\"notifyTimeout\":0}")))
        .hasMessageContaining("'hooks.notifyTimeout'")
        .hasMessageContaining("was 0");
  }

  @Test
  void shouldNameAnUnknownField() throws IOException {
    assertThatThrownBy(() -> ConfigLoader.load(config(",\"rollback\":{\"keepVersion\":3}")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'rollback.keepVersion'")
        .hasMessageContaining("unknown field");
  }

  @Test
  void shouldNameAFieldOfTheWrongType() throws IOException {
    assertThatThrownBy(() -> ConfigLoader.load(config(",\"checkInterval\":\"often\"")))
        .hasMessageContaining("'checkInterval'");
  }

  @Test
  void shouldRejectABadWindowTimeWithItsValue() throws IOException {
    assertThatThrownBy(
            () -> ConfigLoader.load(config(",\"maintenanceWindow\":{\"startTime\":\"25:00\"}")))
        .hasMessage("configuration field 'maintenanceWindow.startTime' must be HH:mm, was '25:00'");
  }

  @Test
  void shouldRejectAnUnknownTimeZone() throws IOException {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(config(",\"maintenanceWindow\":{\"timezone\":\"Mars/Olympus\"}")))
        .hasMessageContaining("'maintenanceWindow.timezone'")
        .hasMessageContaining("Mars/Olympus");
  }

  @Test
  void shouldRejectAnUnknownDay() throws IOException {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    config(",\"maintenanceWindow\":{\"days\":[\"sunday\",\"caturday\"]}")))
        .hasMessageContaining("'maintenanceWindow.days[1]'")
        .hasMessageContaining("caturday");
  }

  @Test
  void shouldRejectAShortKeyIdAsPin() throws IOException {
    String json =
        "{\"serverUrl\":\"https://u.example.com\",\"product\":\"p\",\"installDir\":\"i\",\"stateDir\":\"s\","
            + "\"trust\":{\"keys\":[\"vendor.asc\"],\"fingerprints\":[\"3A04B3DD\"]}}";
    assertThatThrownBy(() -> ConfigLoader.load(Files.writeString(dir.resolve("c.json"), json)))
        .hasMessageContaining("'trust.fingerprints[0]'")
        .hasMessageContaining("3A04B3DD");
  }

  @Test
  void shouldRejectSlowRetrievalLimitsThatProtectNothing() throws IOException {
    assertThat(ConfigLoader.load(config("")).httpDeadline()).isEqualTo(Duration.ofSeconds(120));
    assertThatThrownBy(() -> ConfigLoader.load(config(",\"http\":{\"deadline\":0}")))
        .hasMessage("configuration field 'http.deadline' must be at least 1 second, was 0");
    assertThatThrownBy(() -> ConfigLoader.load(config(",\"http\":{\"minBytesPerSecond\":-1}")))
        .hasMessageContaining("'http.minBytesPerSecond'");
    assertThatThrownBy(() -> ConfigLoader.load(config(",\"http\":{\"throughputWindow\":0}")))
        .hasMessageContaining("'http.throughputWindow'");
  }

  @Test
  void shouldNameAMirrorThatIsNoHttpUrl() throws IOException {
    assertThat(ConfigLoader.load(config(",\"mirrors\":[\"https://cdn.example.com/x/\"]")).mirrors())
        .extracting(java.net.URI::getHost)
        .containsExactly("cdn.example.com");
    assertThatThrownBy(
            () -> ConfigLoader.load(config(",\"mirrors\":[\"https://a.example\",\"ftp://b\"]")))
        .hasMessage("configuration field 'mirrors[1]' must be an http(s) URL, was 'ftp://b'");
  }

  @Test
  void shouldNameAPinThatIsNoSpkiSha256() throws IOException {
    assertThatThrownBy(() -> ConfigLoader.load(config(",\"http\":{\"pins\":[\"AB:CD\"]}")))
        .hasMessageStartingWith("configuration field 'http.pins[0]' must be 'sha256/'")
        .hasMessageContaining("was 'AB:CD'");
  }

  @Test
  void shouldRequireTheClientKeyWithTheClientCertificateAndOneKindOfClientCertificate()
      throws IOException {
    Files.writeString(dir.resolve("client.pem"), "");
    Files.writeString(dir.resolve("client.p12"), "");

    assertThatThrownBy(
            () -> ConfigLoader.load(config(",\"http\":{\"clientCertificate\":\"client.pem\"}")))
        .hasMessage(
            "configuration field 'http.clientKey' is required with 'http.clientCertificate'");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    config(
                        ",\"http\":{\"clientKeyStore\":\"client.p12\","
                            + "\"clientCertificate\":\"client.pem\",\"clientKey\":\"client.pem\"}")))
        .hasMessageContaining("'http.clientKeyStore' cannot be used with 'http.clientCertificate'");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    config(
                        ",\"http\":{\"clientKeyStore\":\"client.p12\","
                            + "\"clientKeyStorePasswordEnv\":\"OPENUPDATE_NO_SUCH_VARIABLE\"}")))
        .hasMessageContaining("'http.clientKeyStorePasswordEnv'")
        .hasMessageContaining("'OPENUPDATE_NO_SUCH_VARIABLE', which is not set");
  }

  @Test
  void shouldNameAClientKeyThatIsNoPkcs8Key() throws IOException {
    TestPki pki = new TestPki();
    pki.writeCertificate(pki.client("agent"), dir.resolve("client.pem"));
    Files.writeString(dir.resolve("client.key"), "-----BEGIN RSA PRIVATE KEY-----\n");
    Settings settings =
        ConfigLoader.load(
            config(
                ",\"http\":{\"clientCertificate\":\"client.pem\",\"clientKey\":\"client.key\"}"));

    assertThatThrownBy(() -> new org.openupdate.client.internal.net.Http(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'http.clientKey' cannot be used")
        .hasMessageContaining("holds no unencrypted PKCS#8 key");
  }

  @Test
  void shouldRequireTheServerUrl() throws IOException {
    Path file = Files.writeString(dir.resolve("c.json"), "{\"product\":\"p\"}");
    assertThatThrownBy(() -> ConfigLoader.load(file))
        .hasMessage("configuration field 'serverUrl' is required");
  }

  @Test
  void shouldRejectKeepingFewerThanTwoVersions() throws IOException {
    assertThatThrownBy(() -> ConfigLoader.load(config(",\"rollback\":{\"keepVersions\":1}")))
        .hasMessageContaining("'rollback.keepVersions'")
        .hasMessageContaining("was 1");
  }

  @Test
  void shouldRejectAHealthCheckWithBothCommandAndUrl() throws IOException {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    config(
                        ",\"hooks\":{\"healthCheck\":{\"command\":\"true\",\"url\":\"http://x\"}}")))
        .hasMessageContaining("'hooks.healthCheck'");
  }

  @Test
  void shouldRejectAMissingKeyFile() throws IOException {
    String json =
        "{\"serverUrl\":\"https://u.example.com\",\"product\":\"p\",\"installDir\":\"i\",\"stateDir\":\"s\","
            + "\"trust\":{\"keys\":[\"missing.asc\"],\"fingerprints\":[\""
            + TestKeys.VENDOR_FINGERPRINT
            + "\"]}}";
    assertThatThrownBy(() -> ConfigLoader.load(Files.writeString(dir.resolve("c.json"), json)))
        .hasMessageContaining("'trust.keys[0]'")
        .hasMessageContaining("missing.asc");
  }

  @Test
  void shouldSayTheConfigurationFileIsEmpty() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.json"), "");
    Path blank = Files.writeString(dir.resolve("blank.json"), " \n\t\n");

    assertThatThrownBy(() -> ConfigLoader.load(empty))
        .hasMessage("configuration file " + empty + " is empty");
    assertThatThrownBy(() -> ConfigLoader.load(blank))
        .hasMessage("configuration file " + blank + " is empty");
  }

  @Test
  void shouldSayTheConfigurationFileIsNotFound() {
    Path missing = dir.resolve("missing.json");

    assertThatThrownBy(() -> ConfigLoader.load(missing))
        .hasMessage("cannot read configuration file " + missing + ": not found");
  }

  @Test
  void shouldSayTheConfigurationFileIsADirectory() {
    assertThatThrownBy(() -> ConfigLoader.load(dir))
        .hasMessage("cannot read configuration file " + dir + ": is a directory");
  }

  @Test
  void shouldSayPermissionIsDeniedOnTheConfigurationFile() throws IOException {
    assumeFalse(
        "root".equals(System.getProperty("user.name")), "root may read any file, so cannot test");
    Path secret = config("");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("-w-------"));

    assertThatThrownBy(() -> ConfigLoader.load(secret))
        .hasMessage("cannot read configuration file " + secret + ": permission denied");
  }

  /** Unreadable even for root (CI runs as root, where the permission test above cannot run). */
  @Test
  void shouldNameThePartOfThePathThatIsAFileWhereAFolderMustBe() throws IOException {
    Path settings = Files.writeString(dir.resolve("settings"), "{}");
    Path inside = settings.resolve("update-client.json");
    Path deeper = settings.resolve("agent/update-client.json");

    assertThatThrownBy(() -> ConfigLoader.load(inside))
        .hasMessage(
            "cannot read configuration file " + inside + ": " + settings + " is not a directory");
    assertThatThrownBy(() -> ConfigLoader.load(deeper))
        .hasMessage(
            "cannot read configuration file " + deeper + ": " + settings + " is not a directory");
  }

  @Test
  void shouldSayTheConfigurationMustBeAJsonObject() throws IOException {
    Path list = Files.writeString(dir.resolve("list.json"), "[]");

    assertThatThrownBy(() -> ConfigLoader.load(list))
        .hasMessage("configuration file " + list + " must hold a JSON object");
  }
}
