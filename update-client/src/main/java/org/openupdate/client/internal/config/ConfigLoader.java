package org.openupdate.client.internal.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.openupdate.client.internal.platform.PlatformDetector;
import org.openupdate.client.internal.window.MaintenanceWindow;
import org.openupdate.manifest.Version;
import org.openupdate.manifest.pgp.Fingerprint;

/** Reads the JSON configuration file and refuses it, naming the field, when anything is wrong. */
public final class ConfigLoader {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  // The contract's pattern for product and channel names (status-report.schema.json).
  private static final String NAME = "[a-z0-9][a-z0-9._-]{0,63}";

  private ConfigLoader() {}

  /** Loads and validates {@code file}; relative paths in it are resolved against its folder. */
  public static Settings load(Path file) {
    byte[] bytes = read(file);
    if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
      throw new ConfigException("configuration file " + file + " is empty");
    }
    ClientConfig config;
    try {
      config = MAPPER.readValue(bytes, ClientConfig.class);
    } catch (JsonMappingException e) {
      if (e.getPath().isEmpty()) {
        throw new ConfigException("configuration file " + file + " must hold a JSON object", e);
      }
      throw new ConfigException(describe(file, e), e);
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          "configuration file " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConfigException("cannot read configuration file " + file, e);
    }
    if (config == null) {
      throw new ConfigException("configuration file " + file + " is empty");
    }
    Path baseDir = file.toAbsolutePath().getParent();
    validate(config, baseDir);
    return new Settings(config, baseDir);
  }

  private static byte[] read(Path file) {
    if (Files.isDirectory(file)) {
      throw new ConfigException("cannot read configuration file " + file + ": is a directory");
    }
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("cannot read configuration file " + file + ": not found", e);
    } catch (AccessDeniedException e) {
      throw new ConfigException(
          "cannot read configuration file " + file + ": permission denied", e);
    } catch (IOException e) {
      // The exception's message alone is often just the path; its reason says what went wrong.
      String why =
          notADirectory(file)
              .map(p -> p + " is not a directory")
              .orElse(
                  e instanceof FileSystemException fs && fs.getReason() != null
                      ? fs.getReason()
                      : e.getMessage());
      throw new ConfigException("cannot read configuration file " + file + ": " + why, e);
    }
  }

  /** The file in the path that stands where a folder must be ({@code settings/client.json}). */
  private static Optional<Path> notADirectory(Path file) {
    for (Path p = file.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
      if (Files.exists(p) && !Files.isDirectory(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static String describe(Path file, JsonMappingException e) {
    String field =
        e.getPath().stream()
            .map(
                ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
            .collect(Collectors.joining("."))
            .replace(".[", "[");
    String why =
        e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException
            ? "unknown field"
            : "wrong type or value (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")";
    return "configuration file " + file + ": field '" + field + "': " + why;
  }

  static void validate(ClientConfig c, Path baseDir) {
    require(c.serverUrl() != null, "serverUrl", "is required");
    httpUrl(c.serverUrl(), "serverUrl");
    for (int i = 0; i < c.mirrors().size(); i++) {
      httpUrl(c.mirrors().get(i), "mirrors[" + i + "]");
    }
    require(c.product() != null, "product", "is required");
    require(
        c.product().matches(NAME),
        "product",
        "must be lowercase letters, digits, '.', '_' and '-', was '" + c.product() + "'");
    require(
        c.channel().matches(NAME),
        "channel",
        "must be lowercase letters, digits, '.', '_' and '-', was '" + c.channel() + "'");
    for (String accepted : c.acceptedChannels()) {
      require(
          accepted != null && accepted.matches(NAME),
          "acceptedChannels",
          "must hold channel names (lowercase letters, digits, '.', '_' and '-'), was '"
              + accepted
              + "'");
    }
    require(
        c.acceptedChannels().contains(c.channel()),
        "acceptedChannels",
        "must include the agent's own channel '" + c.channel() + "', was " + c.acceptedChannels());
    require(
        c.checkInterval() >= 1,
        "checkInterval",
        "must be at least 1 minute, was " + c.checkInterval());
    require(
        c.checkJitter() >= 0 && c.checkJitter() <= 1,
        "checkJitter",
        "must be between 0 and 1, was " + c.checkJitter());
    try {
      Version.parse(c.initialVersion());
    } catch (IllegalArgumentException e) {
      throw fail("initialVersion", "is not a version, was '" + c.initialVersion() + "'");
    }
    require(c.installDir() != null, "installDir", "is required");
    require(c.stateDir() != null, "stateDir", "is required");
    require(
        c.platform() == null
            || c.platform().equals("lxc")
            || PlatformDetector.PLATFORMS.contains(c.platform()),
        "platform",
        "must be one of " + PlatformDetector.PLATFORMS + ", was '" + c.platform() + "'");
    validateWindow(c.maintenanceWindow());
    validateCompatibility(c.compatibility());
    if (c.maintenance() != null) {
      validateMaintenance(c.maintenance());
    }
    if (c.database() != null) {
      validateDatabase(c.database(), baseDir);
    }
    if (c.selfUpdate() != null) {
      var self = c.selfUpdate();
      require(self.dir() != null, "selfUpdate.dir", "is required: the launcher's folder");
      require(
          self.channel() == null || self.channel().matches(NAME),
          "selfUpdate.channel",
          "must be a channel name, was '" + self.channel() + "'");
      require(
          self.confirmTimeout() >= 1,
          "selfUpdate.confirmTimeout",
          "must be at least 1 second, was " + self.confirmTimeout());
    }
    var rollback = c.rollback();
    require(
        rollback.healthCheckTimeout() >= 1,
        "rollback.healthCheckTimeout",
        "must be at least 1 second, was " + rollback.healthCheckTimeout());
    require(
        rollback.keepVersions() >= 2,
        "rollback.keepVersions",
        "must be at least 2 (the running version and one to roll back to), was "
            + rollback.keepVersions());
    validateTrust(c.trust(), baseDir);
    var hooks = c.hooks();
    require(
        hooks.timeout() >= 1, "hooks.timeout", "must be at least 1 second, was " + hooks.timeout());
    require(
        hooks.notifyTimeout() >= 1,
        "hooks.notifyTimeout",
        "must be at least 1 second, was " + hooks.notifyTimeout());
    if (hooks.healthCheck() != null) {
      var health = hooks.healthCheck();
      require(
          (health.command() == null) != (health.url() == null),
          "hooks.healthCheck",
          "needs exactly one of 'command' or 'url'");
      if (health.url() != null) {
        require(
            health.url().startsWith("http://") || health.url().startsWith("https://"),
            "hooks.healthCheck.url",
            "must be an http(s) URL, was '" + health.url() + "'");
      }
      require(
          health.interval() >= 1,
          "hooks.healthCheck.interval",
          "must be at least 1 second, was " + health.interval());
    }
    require(c.backup().keep() >= 1, "backup.keep", "must be at least 1, was " + c.backup().keep());
    for (int i = 0; i < c.backup().paths().size(); i++) {
      require(c.backup().paths().get(i) != null, "backup.paths[" + i + "]", "must not be null");
    }
    var download = c.download();
    require(
        download.minBytesPerSecond() >= 0,
        "download.minBytesPerSecond",
        "must not be negative, was " + download.minBytesPerSecond());
    require(
        download.throughputWindow() >= 1,
        "download.throughputWindow",
        "must be at least 1 second, was " + download.throughputWindow());
    require(
        download.deadline() >= 1,
        "download.deadline",
        "must be at least 1 second, was " + download.deadline());
    var http = c.http();
    if (http.proxy() != null) {
      try {
        URI proxy = new URI(http.proxy());
        require(
            proxy.getHost() != null && proxy.getPort() > 0,
            "http.proxy",
            "must look like http://host:port, was '" + http.proxy() + "'");
      } catch (URISyntaxException e) {
        throw fail("http.proxy", "must look like http://host:port, was '" + http.proxy() + "'");
      }
    }
    readable(http.caCertificates(), "http.caCertificates", baseDir);
    require(
        http.connectTimeout() >= 1,
        "http.connectTimeout",
        "must be at least 1 second, was " + http.connectTimeout());
    require(
        http.requestTimeout() >= 1,
        "http.requestTimeout",
        "must be at least 1 second, was " + http.requestTimeout());
    require(
        http.deadline() >= 1, "http.deadline", "must be at least 1 second, was " + http.deadline());
    validateTls(http, baseDir);
    require(
        http.minBytesPerSecond() >= 0,
        "http.minBytesPerSecond",
        "must not be negative, was " + http.minBytesPerSecond());
    require(
        http.throughputWindow() >= 1,
        "http.throughputWindow",
        "must be at least 1 second, was " + http.throughputWindow());
  }

  private static void validateTls(ClientConfig.HttpConfig http, Path baseDir) {
    for (int i = 0; i < http.pins().size(); i++) {
      String pin = String.valueOf(http.pins().get(i));
      require(
          pin.matches("sha256/[A-Za-z0-9+/]{43}="),
          "http.pins[" + i + "]",
          "must be 'sha256/' and the base64 SHA-256 of a certificate's public key"
              + " (SubjectPublicKeyInfo), was '"
              + pin
              + "'");
    }
    require(
        (http.clientCertificate() == null) == (http.clientKey() == null),
        http.clientKey() == null ? "http.clientKey" : "http.clientCertificate",
        "is required with 'http."
            + (http.clientKey() == null ? "clientCertificate" : "clientKey")
            + "'");
    require(
        http.clientKeyStore() == null || http.clientCertificate() == null,
        "http.clientKeyStore",
        "cannot be used with 'http.clientCertificate': configure one client certificate");
    require(
        http.clientKeyStorePasswordFile() == null || http.clientKeyStorePasswordEnv() == null,
        "http.clientKeyStorePasswordEnv",
        "cannot be used with 'http.clientKeyStorePasswordFile'");
    require(
        http.clientKeyStore() != null
            || (http.clientKeyStorePasswordFile() == null
                && http.clientKeyStorePasswordEnv() == null),
        "http.clientKeyStore",
        "is required with a client key store password");
    require(
        http.clientKeyStorePasswordEnv() == null
            || System.getenv(http.clientKeyStorePasswordEnv()) != null,
        "http.clientKeyStorePasswordEnv",
        "names environment variable '" + http.clientKeyStorePasswordEnv() + "', which is not set");
    readable(http.clientCertificate(), "http.clientCertificate", baseDir);
    readable(http.clientKey(), "http.clientKey", baseDir);
    readable(http.clientKeyStore(), "http.clientKeyStore", baseDir);
    readable(http.clientKeyStorePasswordFile(), "http.clientKeyStorePasswordFile", baseDir);
  }

  private static void readable(String file, String field, Path baseDir) {
    if (file != null) {
      require(
          Files.isReadable(baseDir.resolve(file)),
          field,
          "file not readable: " + baseDir.resolve(file));
    }
  }

  private static void httpUrl(String value, String field) {
    try {
      URI uri = new URI(String.valueOf(value));
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      require(
          (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null,
          field,
          "must be an http(s) URL, was '" + value + "'");
    } catch (URISyntaxException e) {
      throw fail(field, "is not a URL, was '" + value + "'");
    }
  }

  private static void validateCompatibility(Map<String, String> facts) {
    facts.forEach(
        (name, value) ->
            require(
                value != null && !value.isBlank(),
                "compatibility." + name,
                "must state the machine's fact as text like 'PostgreSQL 15', was "
                    + (value == null ? "null" : "'" + value + "'")));
  }

  private static void validateDatabase(ClientConfig.DatabaseConfig d, Path baseDir) {
    require(
        d.url() != null && d.url().startsWith("jdbc:"),
        "database.url",
        "must be a JDBC URL like 'jdbc:postgresql://127.0.0.1:5432/app', was "
            + (d.url() == null ? "missing" : "'" + d.url() + "'"));
    require(
        d.driverJar() != null && Files.isRegularFile(baseDir.resolve(d.driverJar())),
        "database.driverJar",
        "must name the JDBC driver's jar file, was "
            + (d.driverJar() == null
                ? "missing"
                : "'" + d.driverJar() + "' (not a readable file)"));
    require(
        d.passwordFile() == null || d.passwordEnv() == null,
        "database.passwordFile",
        "and 'database.passwordEnv' exclude each other; set one");
    if (d.passwordFile() != null) {
      require(
          Files.isReadable(baseDir.resolve(d.passwordFile())),
          "database.passwordFile",
          "file not readable: " + baseDir.resolve(d.passwordFile()));
    }
    if (d.passwordEnv() != null) {
      require(
          System.getenv(d.passwordEnv()) != null,
          "database.passwordEnv",
          "names environment variable '" + d.passwordEnv() + "', which is not set");
    }
  }

  private static void validateMaintenance(ClientConfig.MaintenanceConfig m) {
    require(
        m.file() != null && !m.file().isBlank(),
        "maintenance.file",
        "is required when 'maintenance' is set (the path a web server watches)");
    for (int i = 0; i < m.allowedAddresses().size(); i++) {
      String address = m.allowedAddresses().get(i);
      require(
          address != null && address.matches("[0-9A-Fa-f:.]+(/\\d{1,3})?"),
          "maintenance.allowedAddresses[" + i + "]",
          "must be an IP address or CIDR range like '10.0.0.0/8', was '" + address + "'");
    }
  }

  private static void validateWindow(ClientConfig.MaintenanceWindowConfig w) {
    require(!w.days().isEmpty(), "maintenanceWindow.days", "must name at least one day");
    for (int i = 0; i < w.days().size(); i++) {
      String day = w.days().get(i);
      require(
          day != null && MaintenanceWindow.parseDay(day).isPresent(),
          "maintenanceWindow.days[" + i + "]",
          "must be a day of the week like 'saturday', was '" + day + "'");
    }
    parseTime(w.startTime(), "maintenanceWindow.startTime");
    parseTime(w.endTime(), "maintenanceWindow.endTime");
    try {
      ZoneId.of(w.timezone());
    } catch (DateTimeException e) {
      throw fail(
          "maintenanceWindow.timezone",
          "must be an IANA time zone like 'Europe/Berlin', was '" + w.timezone() + "'");
    }
  }

  static LocalTime parseTime(String text, String field) {
    try {
      require(text.matches("\\d{2}:\\d{2}"), field, "must be HH:mm, was '" + text + "'");
      return LocalTime.parse(text);
    } catch (DateTimeParseException e) {
      throw fail(field, "must be HH:mm, was '" + text + "'");
    }
  }

  private static void validateTrust(ClientConfig.TrustConfig t, Path baseDir) {
    if (t.root() != null) {
      require(
          t.keys().isEmpty() && t.fingerprints().isEmpty(),
          "trust.root",
          "replaces 'trust.keys' and 'trust.fingerprints' (the root names the keys); set one or"
              + " the other");
      readable(t.root(), "trust.root", baseDir);
      return;
    }
    require(
        !t.keys().isEmpty(),
        "trust.keys",
        "must list at least one public key file (or set 'trust.root' to a trust root file)");
    for (int i = 0; i < t.keys().size(); i++) {
      String key = t.keys().get(i);
      require(
          key != null && Files.isReadable(baseDir.resolve(key)),
          "trust.keys[" + i + "]",
          "file not readable: " + key);
    }
    require(
        !t.fingerprints().isEmpty(),
        "trust.fingerprints",
        "must pin at least one full key fingerprint");
    for (int i = 0; i < t.fingerprints().size(); i++) {
      String pin = t.fingerprints().get(i);
      try {
        Fingerprint.parse(pin);
      } catch (RuntimeException e) {
        throw fail(
            "trust.fingerprints[" + i + "]",
            "must be a full 40 or 64 hex digit fingerprint, was '" + pin + "'");
      }
    }
    require(
        t.threshold() >= 1 && t.threshold() <= t.fingerprints().size(),
        "trust.threshold",
        "must be between 1 and the number of pinned fingerprints ("
            + t.fingerprints().size()
            + "), was "
            + t.threshold());
  }

  private static void require(boolean ok, String field, String problem) {
    if (!ok) {
      throw fail(field, problem);
    }
  }

  private static ConfigException fail(String field, String problem) {
    return new ConfigException("configuration field '" + field + "' " + problem);
  }
}
