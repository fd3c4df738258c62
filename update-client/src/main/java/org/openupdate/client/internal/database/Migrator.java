package org.openupdate.client.internal.database;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openupdate.client.internal.config.Settings;
import org.openupdate.manifest.DatabaseChanges;
import org.openupdate.manifest.ManifestJson;
import org.openupdate.manifest.ReleaseManifest;
import org.openupdate.manifest.Version;

/**
 * Runs a release's database migrations (its manifest's {@code database}), each in its own
 * transaction, recorded in {@code schema_migrations} (name, SHA-256, release version, applied at);
 * undoes them with the release's rollback scripts, newest first. The SQL files are found by name in
 * the release's version folder, in whichever component ships them. The JDBC driver comes from the
 * configured jar, loaded at run time.
 */
public final class Migrator {
  private final Settings settings;
  private final Clock clock;
  private Driver driver;
  // What the last plan found to apply: the release and its migrations not recorded yet, in order.
  private String release;
  private List<SqlScript> pending = List.of();

  private Migrator(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** For the configured {@code database}; empty when none is configured. */
  public static Optional<Migrator> of(Settings settings, Clock clock) {
    return settings.database().isPresent()
        ? Optional.of(new Migrator(settings, clock))
        : Optional.empty();
  }

  /**
   * Checks, before anything changes, that the migrations recorded as applied are the ones shipped
   * (same SHA-256) and that the database has the schema version the release expects; notes what is
   * left for {@link #apply}. Creates {@code schema_migrations} when it is missing.
   */
  public void plan(String release, Path versionDir) throws IOException {
    this.release = release;
    this.pending = new ArrayList<>();
    DatabaseChanges changes = changes(versionDir);
    List<String> migrations = changes.migrations();
    if (migrations.isEmpty()) {
      // Nothing to check: a release without migrations installs while the database is down.
      return;
    }
    if (!changes.rollback().isEmpty() && changes.rollback().size() != migrations.size()) {
      throw new IOException(
          "release "
              + release
              + " lists "
              + migrations.size()
              + " migrations but "
              + changes.rollback().size()
              + " rollback scripts; rollback[i] must undo migrations[i]");
    }
    Map<String, Path> files = find(versionDir, release, changes);
    String expected = changes.expectedSchemaVersion();
    try (Connection connection = connect()) {
      Map<String, String[]> recorded = recorded(connection);
      Version schema = null;
      for (String[] row : recorded.values()) {
        Version version = Version.isValid(row[1]) ? Version.parse(row[1]) : null;
        schema =
            schema == null || version != null && version.isNewerThan(schema) ? version : schema;
      }
      for (String name : migrations) {
        SqlScript script = new SqlScript(name, files.get(name));
        String[] row = recorded.get(name);
        if (row == null) {
          pending.add(script);
        } else if (!row[0].equals(script.sha256)) {
          throw new IOException(
              "migration "
                  + name
                  + " was applied (release "
                  + row[1]
                  + ") with SHA-256 "
                  + row[0]
                  + ", release "
                  + release
                  + " ships it with SHA-256 "
                  + script.sha256
                  + "; a changed migration is never run, nothing was changed");
        }
      }
      if (!pending.isEmpty()
          && expected != null
          && (!Version.isValid(expected) || !Version.parse(expected).equals(schema))) {
        throw new IOException(
            "the database's schema version is "
                + (schema == null ? "none (no migration recorded)" : schema)
                + ", release "
                + release
                + " expects "
                + expected
                + " before its migrations; nothing was changed");
      }
    } catch (SQLException e) {
      throw new IOException("cannot read schema_migrations: " + e.getMessage(), e);
    }
  }

  /**
   * Applies what {@link #plan} found, each migration in its own transaction with its record; throws
   * at the first that fails, whose transaction is rolled back.
   */
  public void apply() throws IOException {
    try (Connection connection = connect()) {
      for (SqlScript script : pending) {
        run(
            connection,
            script,
            "migration",
            "insert into schema_migrations (name, sha256, release_version, applied_at)"
                + " values (?, ?, ?, ?)",
            script.name,
            script.sha256,
            release,
            OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
      }
    } catch (SQLException e) {
      throw new IOException("database error: " + e.getMessage(), e);
    }
  }

  /**
   * Undoes the migrations recorded for releases newer than {@code target}, newest release first,
   * each release's rollback scripts in reverse order, each in its own transaction with the removal
   * of its record; stops at the first that fails. Returns what could not be undone: empty when the
   * database is back at {@code target}'s schema.
   */
  public List<String> undo(String target, Function<String, Path> versionDir) {
    List<String> problems = new ArrayList<>();
    try (Connection connection = connect()) {
      Map<String, String[]> recorded = recorded(connection);
      TreeMap<Version, String> releases = new TreeMap<>();
      for (String[] row : recorded.values()) {
        if (Version.isValid(row[1]) && Version.parse(row[1]).isNewerThan(Version.parse(target))) {
          releases.put(Version.parse(row[1]), row[1]);
        }
      }
      for (String release : releases.descendingMap().values()) {
        Path dir = versionDir.apply(release);
        DatabaseChanges changes = changes(dir);
        List<String> migrations = changes.migrations();
        if (changes.rollback().isEmpty()) {
          problems.add(
              "release " + release + " ships no rollback scripts; its migrations stay applied");
          continue;
        }
        Map<String, Path> files = find(dir, release, changes);
        for (int i = migrations.size() - 1; i >= 0; i--) {
          String name = migrations.get(i);
          String[] row = recorded.get(name);
          if (row != null && row[1].equals(release)) {
            String undo = changes.rollback().get(i);
            run(
                connection,
                new SqlScript(undo, files.get(undo)),
                "rollback script",
                "delete from schema_migrations where name = ?",
                name);
          }
        }
      }
    } catch (IOException | SQLException e) {
      problems.add("database not rolled back: " + e.getMessage());
    }
    return problems;
  }

  /** Runs {@code script}, then {@code record} with {@code values}, in one transaction if it may. */
  private static void run(
      Connection connection, SqlScript script, String kind, String record, Object... values)
      throws SQLException, IOException {
    connection.setAutoCommit(!script.inTransaction);
    int statement = 0;
    try (Statement sql = connection.createStatement();
        PreparedStatement bookkeeping = connection.prepareStatement(record)) {
      for (; statement < script.statements.size(); statement++) {
        sql.execute(script.statements.get(statement));
      }
      for (int i = 0; i < values.length; i++) {
        bookkeeping.setObject(i + 1, values[i]);
      }
      bookkeeping.executeUpdate();
      if (script.inTransaction) {
        connection.commit();
      }
    } catch (SQLException e) {
      if (script.inTransaction) {
        connection.rollback();
      }
      throw new IOException(
          kind
              + " "
              + script.name
              + " failed"
              + (statement < script.statements.size()
                  ? " at line " + script.lines.get(statement)
                  : " recording it")
              + ": "
              + e.getMessage().strip()
              + (script.inTransaction
                  ? "; its transaction was rolled back"
                  : "; it ran outside a transaction ("
                      + SqlScript.NO_TRANSACTION
                      + "), so its statements before that line stay applied"),
          e);
    }
  }

  /** Name -> {SHA-256, release} of every recorded migration; creates the table when missing. */
  private static Map<String, String[]> recorded(Connection connection) throws SQLException {
    connection.setAutoCommit(true);
    Map<String, String[]> rows = new HashMap<>();
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "create table if not exists schema_migrations (name varchar(200) primary key,"
              + " sha256 char(64) not null, release_version varchar(128) not null,"
              + " applied_at timestamp with time zone not null)");
      try (ResultSet result =
          statement.executeQuery("select name, sha256, release_version from schema_migrations")) {
        while (result.next()) {
          rows.put(
              result.getString(1), new String[] {result.getString(2).strip(), result.getString(3)});
        }
      }
    }
    return rows;
  }

  private Connection connect() throws IOException, SQLException {
    var db = settings.database().orElseThrow();
    Properties properties = new Properties();
    if (db.user() != null) {
      properties.setProperty("user", db.user());
    }
    String password = settings.databasePassword();
    if (password != null) {
      properties.setProperty("password", password);
    }
    if (driver == null) {
      // DriverManager only sees its caller's class loader; the platform loader as parent keeps
      // the agent's own libraries out of the driver's way.
      ClassLoader loader =
          new URLClassLoader(
              new URL[] {settings.driverJar().toUri().toURL()},
              ClassLoader.getPlatformClassLoader());
      for (Driver candidate : ServiceLoader.load(Driver.class, loader)) {
        driver = driver == null && candidate.acceptsURL(db.url()) ? candidate : driver;
      }
    }
    Connection connection = driver == null ? null : driver.connect(db.url(), properties);
    if (connection == null) {
      throw new IOException("no JDBC driver in " + settings.driverJar() + " takes " + db.url());
    }
    return connection;
  }

  private static DatabaseChanges changes(Path versionDir) throws IOException {
    Path manifest = versionDir.resolve("release-manifest.json");
    if (!Files.isRegularFile(manifest)) {
      throw new IOException(manifest + " is gone, and with it the release's rollback scripts");
    }
    DatabaseChanges changes =
        ManifestJson.read(Files.readAllBytes(manifest), ReleaseManifest.class).database();
    return changes == null ? new DatabaseChanges(null, null, null) : changes;
  }

  /** Each script named by {@code changes}, found exactly once among the release's files. */
  private static Map<String, Path> find(Path versionDir, String release, DatabaseChanges changes)
      throws IOException {
    List<String> names = new ArrayList<>(changes.migrations());
    names.addAll(changes.rollback());
    Map<String, Path> files = new HashMap<>();
    try (Stream<Path> all = Files.walk(versionDir)) {
      for (Path file : (Iterable<Path>) all::iterator) {
        String name = file.getFileName().toString();
        if (names.contains(name)
            && Files.isRegularFile(file)
            && files.putIfAbsent(name, file) != null) {
          throw new IOException("release " + release + " ships " + name + " more than once");
        }
      }
    }
    for (String name : names) {
      if (!files.containsKey(name)) {
        throw new IOException(
            "release " + release + " ships no file " + name + " in any component");
      }
    }
    return files;
  }
}
