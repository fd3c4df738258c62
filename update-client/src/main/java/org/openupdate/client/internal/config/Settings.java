package org.openupdate.client.internal.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.openupdate.client.internal.window.MaintenanceWindow;
import org.openupdate.manifest.Version;
import org.openupdate.manifest.pgp.Fingerprint;

/** A validated configuration with typed values and paths resolved against the file's folder. */
public final class Settings {
  private final ClientConfig config;
  private final Path baseDir;

  Settings(ClientConfig config, Path baseDir) {
    this.config = config;
    this.baseDir = baseDir;
  }

  public ClientConfig raw() {
    return config;
  }

  public URI serverUrl() {
    String url = config.serverUrl();
    return URI.create(url.endsWith("/") ? url : url + "/");
  }

  /** Other origins (CDN, mirrors) the server may send the agent to. */
  public List<URI> mirrors() {
    return config.mirrors().stream().map(URI::create).toList();
  }

  /** Resolves an absolute or server-relative URL from the server against the server URL. */
  public URI resolve(String url) {
    return serverUrl().resolve(url.startsWith("/") ? url.substring(1) : url);
  }

  public String product() {
    return config.product();
  }

  public String channel() {
    return config.channel();
  }

  /** Channels whose manifests this agent installs: its own and those it follows. */
  public List<String> acceptedChannels() {
    return config.acceptedChannels();
  }

  public Duration checkInterval() {
    return Duration.ofMinutes(config.checkInterval());
  }

  public double checkJitter() {
    return config.checkJitter();
  }

  public boolean autoInstall() {
    return config.autoInstall();
  }

  public Version initialVersion() {
    return Version.parse(config.initialVersion());
  }

  public Path installDir() {
    return path(config.installDir());
  }

  public Path stateDir() {
    return path(config.stateDir());
  }

  public Optional<String> licenseKey() {
    return Optional.ofNullable(config.licenseKey());
  }

  public Optional<String> platform() {
    return Optional.ofNullable(config.platform());
  }

  /**
   * Whether the agent only checks and reports on {@code platform}: by default where an orchestrator
   * replaces the files (a container's changes are lost at its next restart) and in a development
   * checkout, whose files are a developer's.
   */
  public boolean reportOnly(String platform) {
    return config.reportOnly() != null
        ? config.reportOnly()
        : List.of("container", "kubernetes", "development").contains(platform);
  }

  public MaintenanceWindow window() {
    var w = config.maintenanceWindow();
    if (!w.enabled()) {
      return MaintenanceWindow.always();
    }
    var days = EnumSet.noneOf(java.time.DayOfWeek.class);
    w.days().forEach(day -> days.add(MaintenanceWindow.parseDay(day).orElseThrow()));
    return new MaintenanceWindow(
        days,
        LocalTime.parse(w.startTime()),
        LocalTime.parse(w.endTime()),
        ZoneId.of(w.timezone()));
  }

  public boolean automaticRollback() {
    return config.rollback().automatic();
  }

  public Duration healthCheckTimeout() {
    return Duration.ofSeconds(config.rollback().healthCheckTimeout());
  }

  public int keepVersions() {
    return config.rollback().keepVersions();
  }

  /** The trust root file the agent was installed with; empty when it pins fingerprints. */
  public Optional<Path> trustRoot() {
    return Optional.ofNullable(config.trust().root()).map(this::path);
  }

  public List<Path> trustedKeyFiles() {
    return config.trust().keys().stream().map(this::path).toList();
  }

  public List<Fingerprint> pinnedFingerprints() {
    return config.trust().fingerprints().stream().map(Fingerprint::parse).toList();
  }

  public int signatureThreshold() {
    return config.trust().threshold();
  }

  public Optional<String> preInstallHook() {
    return Optional.ofNullable(config.hooks().preInstall());
  }

  public Optional<String> postInstallHook() {
    return Optional.ofNullable(config.hooks().postInstall());
  }

  public Optional<ClientConfig.HealthCheckConfig> healthCheck() {
    return Optional.ofNullable(config.hooks().healthCheck());
  }

  public Optional<String> notifyHook() {
    return Optional.ofNullable(config.hooks().notifyCommand());
  }

  public Duration notifyTimeout() {
    return Duration.ofSeconds(config.hooks().notifyTimeout());
  }

  public Duration hookTimeout() {
    return Duration.ofSeconds(config.hooks().timeout());
  }

  public List<Path> backupPaths() {
    return config.backup().paths().stream().map(this::path).toList();
  }

  public int backupsKept() {
    return config.backup().keep();
  }

  /** Whether the agent uses the deltas a check answer offers ({@code download.deltas}). */
  public boolean deltas() {
    return config.download().deltas();
  }

  public long minBytesPerSecond() {
    return config.download().minBytesPerSecond();
  }

  public Duration throughputWindow() {
    return Duration.ofSeconds(config.download().throughputWindow());
  }

  public Duration downloadDeadline() {
    return Duration.ofSeconds(config.download().deadline());
  }

  public Optional<URI> proxy() {
    return Optional.ofNullable(config.http().proxy()).map(URI::create);
  }

  public Optional<Path> caCertificates() {
    return Optional.ofNullable(config.http().caCertificates()).map(this::path);
  }

  /** {@code sha256/} + base64 SHA-256 of a pinned SubjectPublicKeyInfo; empty: no pinning. */
  public List<String> pins() {
    return config.http().pins();
  }

  public Optional<Path> clientCertificate() {
    return Optional.ofNullable(config.http().clientCertificate()).map(this::path);
  }

  public Optional<Path> clientKey() {
    return Optional.ofNullable(config.http().clientKey()).map(this::path);
  }

  public Optional<Path> clientKeyStore() {
    return Optional.ofNullable(config.http().clientKeyStore()).map(this::path);
  }

  /** The PKCS#12 file's password: its file's first line, or its environment variable; or "". */
  public String clientKeyStorePassword() {
    var http = config.http();
    if (http.clientKeyStorePasswordFile() != null) {
      try (var lines = Files.lines(path(http.clientKeyStorePasswordFile()))) {
        return lines.findFirst().orElse("");
      } catch (IOException | UncheckedIOException e) {
        throw new ConfigException(
            "configuration field 'http.clientKeyStorePasswordFile' cannot be read: "
                + e.getMessage(),
            e);
      }
    }
    String env = http.clientKeyStorePasswordEnv();
    return env == null ? "" : Objects.requireNonNullElse(System.getenv(env), "");
  }

  public Duration connectTimeout() {
    return Duration.ofSeconds(config.http().connectTimeout());
  }

  /** How long a request may wait for the answer's headers. */
  public Duration requestTimeout() {
    return Duration.ofSeconds(config.http().requestTimeout());
  }

  /** How long a request other than an artifact download may take in total. */
  public Duration httpDeadline() {
    return Duration.ofSeconds(config.http().deadline());
  }

  public long httpMinBytesPerSecond() {
    return config.http().minBytesPerSecond();
  }

  public Duration httpThroughputWindow() {
    return Duration.ofSeconds(config.http().throughputWindow());
  }

  /** Settings for the agent's own product; empty unless {@code selfUpdate} is configured. */
  public Optional<Settings> forAgent(String product) {
    return config.selfUpdate() == null
        ? Optional.empty()
        : Optional.of(
            new Settings(
                config.forAgent(product, stateDir().resolve("self-update").toString()), baseDir));
  }

  /** Seconds a new agent has to confirm itself before the launcher goes back. */
  public int confirmTimeout() {
    return config.selfUpdate().confirmTimeout();
  }

  /** The database migrations run in; empty when none is configured. */
  public Optional<ClientConfig.DatabaseConfig> database() {
    return Optional.ofNullable(config.database());
  }

  public Path driverJar() {
    return path(config.database().driverJar());
  }

  /** Read when a connection opens; null when neither a file nor a variable is configured. */
  public String databasePassword() throws IOException {
    var db = config.database();
    if (db.passwordFile() != null) {
      // Files written with echo end with a newline that is no part of the password.
      return Files.readString(path(db.passwordFile())).replaceFirst("\\r?\\n$", "");
    }
    return db.passwordEnv() == null ? null : System.getenv(db.passwordEnv());
  }

  /** The maintenance file's path; empty when none is configured. */
  public Optional<Path> maintenanceFile() {
    return Optional.ofNullable(config.maintenance()).map(m -> path(m.file()));
  }

  /** Facts about this machine that manifests' {@code compatibility} entries are judged by. */
  public Map<String, String> compatibilityFacts() {
    return config.compatibility();
  }

  private Path path(String value) {
    return baseDir.resolve(value).normalize();
  }
}
