package org.openupdate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.client.testing.Release.aRelease;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.client.UpdateClient.Outcome;
import org.openupdate.client.testing.AgentHome;
import org.openupdate.client.testing.FakeUpdateServer;
import org.openupdate.client.testing.Release;
import org.openupdate.manifest.DatabaseChanges;
import org.openupdate.manifest.RollbackReason;
import org.openupdate.manifest.StatusReport;
import org.openupdate.manifest.UpdateStatus;

/**
 * Database migrations through the whole agent against a real database, the SQL files shipped in a
 * release's component and the driver loaded from its jar as in production. Each database (H2,
 * PostgreSQL) runs these tests in its subclass, against a database of its own.
 */
abstract class MigrationContract {
  static final String ITEMS =
      "create table items (id int primary key, name varchar(50));\n"
          + "insert into items (id, name) values (1, 'one');\n";
  static final String COLOUR = "alter table items add column colour varchar(20);\n";
  static final String RED = "insert into items (id, name, colour) values (3, 'three', 'red');\n";
  // Undone in reverse order: the row must go while its column still exists.
  static final String UNDO_RED = "delete from items where colour = 'red';\n";
  static final String UNDO_COLOUR = "alter table items drop column colour;\n";
  static final String UNDO_ITEMS = "drop table items;\n";

  @TempDir Path dir;
  private FakeUpdateServer server;
  AgentHome home;

  /** The agent's {@code database} configuration (url, user, passwordFile, driverJar). */
  abstract Map<String, Object> databaseConfig() throws Exception;

  /** A connection for the test's own queries, through the test classpath's driver. */
  abstract Connection connect() throws SQLException;

  @BeforeEach
  void start() throws Exception {
    server = new FakeUpdateServer();
    home = new AgentHome(dir.resolve("machine"), server.url());
    home.set("database", databaseConfig());
    home.healthCheckFailsWhenSick(Map.of());
  }

  @AfterEach
  void stop() {
    server.close();
    assertThat(home.state().resolve("reports/rejected")).doesNotExist();
  }

  @Test
  void shouldApplyMigrationsInOrderAndRecordThem() throws Exception {
    var result =
        install(
            release("2.0.0", null)
                .migration("001-items.sql", ITEMS)
                .migration("002-colour.sql", COLOUR)
                .migration("003-red.sql", RED));

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.INSTALLED);
    assertThat(query("select id, name, colour from items order by id"))
        .containsExactly(List.of("1", "one", "null"), List.of("3", "three", "red"));
    List<List<String>> recorded =
        query(
            "select name, sha256, release_version from schema_migrations order by applied_at, name");
    assertThat(recorded)
        .containsExactly(
            List.of("001-items.sql", FakeUpdateServer.sha256(ITEMS.getBytes()), "2.0.0"),
            List.of("002-colour.sql", FakeUpdateServer.sha256(COLOUR.getBytes()), "2.0.0"),
            List.of("003-red.sql", FakeUpdateServer.sha256(RED.getBytes()), "2.0.0"));
    assertThat(query("select count(*) from schema_migrations where applied_at is not null"))
        .containsExactly(List.of("3"));
    StatusReport last = lastReport();
    assertThat(last.status()).isEqualTo(UpdateStatus.COMPLETED);
    assertThat(last.details().migrationTime()).isNotNull().isPositive();
  }

  @Test
  void shouldSkipMigrationsAlreadyApplied() throws Exception {
    assertThat(install(release("2.0.0", null).migration("001-items.sql", ITEMS)).outcome())
        .isEqualTo(Outcome.INSTALLED);

    // 001 again would fail: the table exists and row 1 too.
    var result =
        install(
            release("3.0.0", "2.0.0")
                .migration("001-items.sql", ITEMS)
                .migration("002-colour.sql", COLOUR));

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.INSTALLED);
    assertThat(query("select name, release_version from schema_migrations order by name"))
        .containsExactly(List.of("001-items.sql", "2.0.0"), List.of("002-colour.sql", "3.0.0"));
    assertThat(columns()).containsExactly("id", "name", "colour");
  }

  @Test
  void shouldRefuseAMigrationWhoseChecksumChanged() throws Exception {
    assertThat(install(release("2.0.0", null).migration("001-items.sql", ITEMS)).outcome())
        .isEqualTo(Outcome.INSTALLED);
    String edited = ITEMS + "insert into items (id, name) values (2, 'two');\n";

    var result =
        install(
            release("3.0.0", null)
                .migration("001-items.sql", edited)
                .migration("002-colour.sql", COLOUR));

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.FAILED);
    assertThat(result.message())
        .contains(
            "migration 001-items.sql was applied (release 2.0.0) with SHA-256 "
                + FakeUpdateServer.sha256(ITEMS.getBytes()),
            "ships it with SHA-256 " + FakeUpdateServer.sha256(edited.getBytes()),
            "nothing was changed");
    assertDatabaseAtTwo();
    assertThat(home.current()).isEqualTo("2.0.0");
    assertThat(lastReport().status()).isEqualTo(UpdateStatus.FAILED);
  }

  @Test
  void shouldStopOnAWrongSchemaVersionNamingBoth() throws Exception {
    assertThat(install(release("2.0.0", null).migration("001-items.sql", ITEMS)).outcome())
        .isEqualTo(Outcome.INSTALLED);

    var result = install(release("3.0.0", "2.5.0").migration("002-colour.sql", COLOUR));

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.FAILED);
    assertThat(result.message())
        .contains(
            "the database's schema version is 2.0.0, release 3.0.0 expects 2.5.0",
            "nothing was changed");
    assertDatabaseAtTwo();
    assertThat(home.current()).isEqualTo("2.0.0");

    var fixed = install(release("3.0.1", "2.0.0").migration("002-colour.sql", COLOUR));

    assertThat(fixed.outcome()).as(fixed.message()).isEqualTo(Outcome.INSTALLED);
    assertThat(columns()).containsExactly("id", "name", "colour");
  }

  @Test
  void shouldCheckTheSchemaVersionOnlyWhenAMigrationIsLeftToRun() throws Exception {
    assertThat(install(release("2.0.0", null).migration("001-items.sql", ITEMS)).outcome())
        .isEqualTo(Outcome.INSTALLED);
    assertThat(
            install(
                    release("3.0.0", "2.0.0")
                        .migration("001-items.sql", ITEMS)
                        .migration("002-colour.sql", COLOUR))
                .outcome())
        .isEqualTo(Outcome.INSTALLED);

    // Every migration it lists is recorded: nothing runs, so its stale expectation is not checked.
    var result =
        install(
            release("3.1.0", "2.0.0")
                .migration("001-items.sql", ITEMS)
                .migration("002-colour.sql", COLOUR));

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.INSTALLED);
    assertThat(query("select name, release_version from schema_migrations order by name"))
        .containsExactly(List.of("001-items.sql", "2.0.0"), List.of("002-colour.sql", "3.0.0"));
  }

  @Test
  void shouldRunTheRollbackScriptsInReverseWhenTheHealthCheckFails() throws Exception {
    assertThat(install(release("2.0.0", null).migration("001-items.sql", ITEMS)).outcome())
        .isEqualTo(Outcome.INSTALLED);
    home.sick("3.0.0");

    var result = install(threeWithRollbacks(RED));

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(result.message()).contains("health check failed");
    // 001 belongs to 2.0.0, which runs again: its rollback script (drop table) must not run.
    assertDatabaseAtTwo();
    assertThat(home.current()).isEqualTo("2.0.0");
    StatusReport last = lastReport();
    assertThat(last.status()).isEqualTo(UpdateStatus.ROLLED_BACK);
    assertThat(last.rollbackReason()).isEqualTo(RollbackReason.HEALTH_CHECK);
    assertThat(last.details().migrationTime()).isNotNull().isPositive();
  }

  @Test
  void shouldRollBackAFailedMigrationAndStopBeforeTheSwitch() throws Exception {
    assertThat(install(release("2.0.0", null).migration("001-items.sql", ITEMS)).outcome())
        .isEqualTo(Outcome.INSTALLED);
    home.script(
        "post.sh",
        "if [ \"$UPDATE_PHASE\" = install ]; then touch \"" + dir.resolve("switched") + "\"; fi");
    home.set(
        "hooks",
        Map.of(
            "postInstall",
            home.root().resolve("post.sh").toString(),
            "healthCheck",
            Map.of("command", "true")));
    String broken =
        "insert into items (id, name) values (4, 'four');\ninsert into nowhere values (1);\n";

    var result = install(threeWithRollbacks(broken));

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(result.message())
        .contains("migration 003-red.sql failed at line 2", "its transaction was rolled back");
    assertThat(dir.resolve("switched")).doesNotExist();
    assertDatabaseAtTwo();
    assertThat(home.current()).isEqualTo("2.0.0");
    assertThat(lastReport().rollbackReason()).isEqualTo(RollbackReason.INSTALL_ERROR);
  }

  @Test
  void shouldRunTheRollbackScriptsOnAManualRollback() throws Exception {
    assertThat(install(release("2.0.0", null).migration("001-items.sql", ITEMS)).outcome())
        .isEqualTo(Outcome.INSTALLED);
    assertThat(install(threeWithRollbacks(RED)).outcome()).isEqualTo(Outcome.INSTALLED);
    assertThat(columns()).containsExactly("id", "name", "colour");

    var result = home.client().rollback(Optional.empty());

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.ROLLED_BACK);
    assertDatabaseAtTwo();
    assertThat(lastReport().rollbackReason()).isEqualTo(RollbackReason.MANUAL);
  }

  /** 3.0.0: 001 (from 2.0.0), 002 colour, 003 {@code third}; each with its rollback script. */
  SqlRelease threeWithRollbacks(String third) {
    return release("3.0.0", "2.0.0")
        .migration("001-items.sql", ITEMS, "001-items-undo.sql", UNDO_ITEMS)
        .migration("002-colour.sql", COLOUR, "002-colour-undo.sql", UNDO_COLOUR)
        .migration("003-red.sql", third, "003-red-undo.sql", UNDO_RED);
  }

  /** The database as 2.0.0 left it: items with one row and no colour, only 001 recorded. */
  void assertDatabaseAtTwo() throws SQLException {
    assertThat(columns()).containsExactly("id", "name");
    assertThat(query("select id, name from items")).containsExactly(List.of("1", "one"));
    assertThat(query("select name, release_version from schema_migrations"))
        .containsExactly(List.of("001-items.sql", "2.0.0"));
  }

  UpdateClient.Result install(SqlRelease release) {
    server.offer(release.build());
    return home.client().apply(true);
  }

  StatusReport lastReport() {
    List<StatusReport> reports = server.reports();
    return reports.get(reports.size() - 1);
  }

  static SqlRelease release(String version, String expectedSchemaVersion) {
    return new SqlRelease(version, expectedSchemaVersion);
  }

  /** A release whose "db" component ships its migrations and rollback scripts under sql/. */
  static final class SqlRelease {
    private final String version;
    private final String expected;
    private final Map<String, String> files = new LinkedHashMap<>();
    private final List<String> migrations = new ArrayList<>();
    private final List<String> rollback = new ArrayList<>();

    SqlRelease(String version, String expected) {
      this.version = version;
      this.expected = expected;
    }

    SqlRelease migration(String name, String sql) {
      files.put("sql/" + name, sql);
      migrations.add(name);
      return this;
    }

    SqlRelease migration(String name, String sql, String undoName, String undo) {
      files.put("sql/" + undoName, undo);
      rollback.add(undoName);
      return migration(name, sql);
    }

    Release build() {
      return aRelease(version)
          .component("db", Release.zip(files))
          .database(new DatabaseChanges(migrations, rollback, expected))
          .build();
    }
  }

  List<String> columns() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("select * from items where 1 = 0")) {
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
        names.add(result.getMetaData().getColumnName(i).toLowerCase(java.util.Locale.ROOT));
      }
      return names;
    }
  }

  List<List<String>> query(String sql) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      List<List<String>> rows = new ArrayList<>();
      while (result.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
          row.add(String.valueOf(result.getString(i)).strip());
        }
        rows.add(row);
      }
      return rows;
    }
  }

  static Path jarOf(Class<?> driver) throws Exception {
    return Path.of(driver.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  Path passwordFile(String password) throws IOException {
    return Files.writeString(dir.resolve("db-password"), password + "\n");
  }
}
