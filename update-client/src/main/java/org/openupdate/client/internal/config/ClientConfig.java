package org.openupdate.client.internal.config;

import java.util.List;
import java.util.Map;

/**
 * The agent's configuration file, field for field. Absent fields take the original design's
 * defaults in the compact constructors; {@link ConfigLoader} validates the result and names the bad
 * field.
 */
public record ClientConfig(
    String serverUrl,
    List<String> mirrors,
    String product,
    String channel,
    List<String> acceptedChannels,
    Integer checkInterval,
    Double checkJitter,
    Boolean autoInstall,
    String initialVersion,
    String installDir,
    String stateDir,
    String licenseKey,
    String platform,
    MaintenanceWindowConfig maintenanceWindow,
    RollbackConfig rollback,
    TrustConfig trust,
    HooksConfig hooks,
    BackupConfig backup,
    DownloadConfig download,
    HttpConfig http,
    Map<String, String> compatibility,
    Boolean reportOnly,
    MaintenanceConfig maintenance,
    DatabaseConfig database,
    SelfUpdateConfig selfUpdate) {

  public ClientConfig {
    mirrors = mirrors == null ? List.of() : List.copyOf(mirrors);
    channel = channel == null ? "stable" : channel;
    acceptedChannels =
        acceptedChannels == null ? followedChannels(channel) : List.copyOf(acceptedChannels);
    checkInterval = checkInterval == null ? 360 : checkInterval;
    checkJitter = checkJitter == null ? 0.1 : checkJitter;
    autoInstall = autoInstall != null && autoInstall;
    initialVersion = initialVersion == null ? "0.0.0" : initialVersion;
    maintenanceWindow =
        maintenanceWindow == null ? MaintenanceWindowConfig.DEFAULT : maintenanceWindow;
    rollback = rollback == null ? new RollbackConfig(null, null, null) : rollback;
    trust = trust == null ? new TrustConfig(null, null, null, null) : trust;
    hooks = hooks == null ? new HooksConfig(null, null, null, null, null, null) : hooks;
    backup = backup == null ? new BackupConfig(null, null) : backup;
    download = download == null ? new DownloadConfig(null, null, null, null) : download;
    http = http == null ? HttpConfig.DEFAULT : http;
    compatibility = compatibility == null ? Map.of() : compatibility;
  }

  /**
   * This configuration for the agent's own product, installed in {@code selfUpdate.dir}: same
   * server, keys, network and machine, no hooks, backups, database or maintenance file, and no
   * license key (the agent is free to update).
   */
  ClientConfig forAgent(String product, String stateDir) {
    List<String> agentChannel =
        List.of(selfUpdate.channel() == null ? channel : selfUpdate.channel());
    return new ClientConfig(
        serverUrl,
        mirrors,
        product,
        agentChannel.get(0),
        agentChannel,
        checkInterval,
        checkJitter,
        autoInstall,
        initialVersion,
        selfUpdate.dir(),
        stateDir,
        null,
        platform,
        maintenanceWindow,
        rollback,
        trust,
        null,
        null,
        download,
        http,
        compatibility,
        reportOnly,
        null,
        null,
        null);
  }

  /**
   * The server offers a channel's clients the newer releases of the channels it follows
   * (early-access follows beta follows stable), each with a manifest naming its own channel. A
   * custom channel accepts only itself unless {@code acceptedChannels} says otherwise.
   */
  static List<String> followedChannels(String channel) {
    return switch (channel) {
      case "early-access" -> List.of("early-access", "beta", "stable");
      case "beta" -> List.of("beta", "stable");
      default -> List.of(channel);
    };
  }

  /** {@code maintenanceWindow}: when installs may happen. */
  public record MaintenanceWindowConfig(
      Boolean enabled, List<String> days, String startTime, String endTime, String timezone) {
    static final MaintenanceWindowConfig DEFAULT =
        new MaintenanceWindowConfig(null, null, null, null, null);

    public MaintenanceWindowConfig {
      enabled = enabled == null || enabled;
      days = days == null ? List.of("saturday", "sunday") : List.copyOf(days);
      startTime = startTime == null ? "02:00" : startTime;
      endTime = endTime == null ? "06:00" : endTime;
      timezone = timezone == null ? "UTC" : timezone;
    }
  }

  /** {@code rollback}: automatic rollback, health check timeout in seconds, versions kept. */
  public record RollbackConfig(
      Boolean automatic, Integer healthCheckTimeout, Integer keepVersions) {
    public RollbackConfig {
      automatic = automatic == null || automatic;
      healthCheckTimeout = healthCheckTimeout == null ? 300 : healthCheckTimeout;
      keepVersions = keepVersions == null ? 3 : keepVersions;
    }
  }

  /**
   * {@code trust}: the trust root file the agent is installed with (version 1, followed from then
   * on); or, as before roots, public key files, the full fingerprints pinned among them and the
   * signatures needed.
   */
  public record TrustConfig(
      String root, List<String> keys, List<String> fingerprints, Integer threshold) {
    public TrustConfig {
      keys = keys == null ? List.of() : List.copyOf(keys);
      fingerprints = fingerprints == null ? List.of() : List.copyOf(fingerprints);
      threshold = threshold == null ? 1 : threshold;
    }
  }

  /**
   * {@code hooks}: shell commands run around the switch, the health check, and the command told
   * when the update notice changes.
   */
  public record HooksConfig(
      String preInstall,
      String postInstall,
      HealthCheckConfig healthCheck,
      Integer timeout,
      @com.fasterxml.jackson.annotation.JsonProperty("notify") String notifyCommand,
      Integer notifyTimeout) {
    public HooksConfig {
      timeout = timeout == null ? 600 : timeout;
      notifyTimeout = notifyTimeout == null ? 30 : notifyTimeout;
    }
  }

  /** {@code hooks.healthCheck}: a command (exit 0 = healthy) or an HTTP URL (2xx = healthy). */
  public record HealthCheckConfig(String command, String url, Integer interval) {
    public HealthCheckConfig {
      interval = interval == null ? 2 : interval;
    }
  }

  /**
   * {@code backup}: data paths copied (with SHA-256 sums) before switching, and how many to keep.
   */
  public record BackupConfig(List<String> paths, Integer keep) {
    public BackupConfig {
      paths = paths == null ? List.of() : List.copyOf(paths);
      keep = keep == null ? 3 : keep;
    }
  }

  /** {@code download}: slow-retrieval protection. */
  public record DownloadConfig(
      Integer minBytesPerSecond, Integer throughputWindow, Integer deadline, Boolean deltas) {
    public DownloadConfig {
      deltas = deltas == null || deltas;
      minBytesPerSecond = minBytesPerSecond == null ? 1024 : minBytesPerSecond;
      throughputWindow = throughputWindow == null ? 30 : throughputWindow;
      deadline = deadline == null ? 7200 : deadline;
    }
  }

  /**
   * {@code maintenance}: the file written while the agent migrates and switches (absent: none), the
   * message it carries and the addresses a web server should still let through.
   */
  public record MaintenanceConfig(String file, String message, List<String> allowedAddresses) {
    public MaintenanceConfig {
      message =
          message == null
              ? "This application is being updated and will be back in a few minutes."
              : message;
      allowedAddresses = allowedAddresses == null ? List.of() : List.copyOf(allowedAddresses);
    }
  }

  /**
   * {@code database}: where the release's migrations run. The password comes from a file or an
   * environment variable, never from this file; the JDBC driver from a jar loaded at run time.
   */
  public record DatabaseConfig(
      String url, String user, String passwordFile, String passwordEnv, String driverJar) {}

  /**
   * {@code selfUpdate}: the launcher's folder ({@code current} and {@code versions/<v>/} with the
   * agent's jar), the channel of the agent's product, and how long a new agent has to confirm
   * itself.
   */
  public record SelfUpdateConfig(String dir, String channel, Integer confirmTimeout) {
    public SelfUpdateConfig {
      confirmTimeout = confirmTimeout == null ? 300 : confirmTimeout;
    }
  }

  /**
   * {@code http}: proxy, extra trusted CA certificates, timeouts in seconds, the slow-retrieval
   * protection of every request but artifact downloads (those have {@code download}), the server's
   * pinned keys, and the client certificate (PEM files, or a PKCS#12 file and its password).
   */
  public record HttpConfig(
      String proxy,
      String caCertificates,
      Integer connectTimeout,
      Integer requestTimeout,
      Integer deadline,
      Integer minBytesPerSecond,
      Integer throughputWindow,
      List<String> pins,
      String clientCertificate,
      String clientKey,
      String clientKeyStore,
      String clientKeyStorePasswordFile,
      String clientKeyStorePasswordEnv) {
    static final HttpConfig DEFAULT =
        new HttpConfig(
            null, null, null, null, null, null, null, null, null, null, null, null, null);

    public HttpConfig {
      connectTimeout = connectTimeout == null ? 10 : connectTimeout;
      requestTimeout = requestTimeout == null ? 30 : requestTimeout;
      deadline = deadline == null ? 120 : deadline;
      minBytesPerSecond = minBytesPerSecond == null ? 256 : minBytesPerSecond;
      throughputWindow = throughputWindow == null ? 30 : throughputWindow;
      pins = pins == null ? List.of() : List.copyOf(pins);
    }
  }
}
