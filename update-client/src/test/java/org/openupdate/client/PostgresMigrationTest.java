package org.openupdate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openupdate.client.UpdateClient.Outcome;

/**
 * The migration contract on a real PostgreSQL ({@code .ci/run} starts it and creates role and
 * database {@code agenttest}/{@code agent_migrations_test}), each test in a schema of its own.
 * Skipped with a message when no PostgreSQL answers locally; under CI ({@code CI=true}) that fails.
 */
class PostgresMigrationTest extends MigrationContract {
  private static final String DATABASE = "jdbc:postgresql://127.0.0.1:5432/agent_migrations_test";
  private static final String USER = "agenttest";
  private static final String PASSWORD = "agenttest";
  private final String schema = "t_" + UUID.randomUUID().toString().replace("-", "");

  @BeforeEach
  void createSchema() throws SQLException {
    try (Connection connection = DriverManager.getConnection(DATABASE, USER, PASSWORD);
        Statement statement = connection.createStatement()) {
      statement.execute("create schema " + schema);
    } catch (SQLException e) {
      String why =
          "PostgreSQL is not reachable as "
              + USER
              + " at "
              + DATABASE
              + " ("
              + e.getMessage()
              + "); .ci/run's start_postgresql sets it up";
      if ("true".equals(System.getenv("CI"))) {
        fail(why);
      }
      assumeTrue(false, why);
    }
  }

  @AfterEach
  void dropSchema() throws SQLException {
    try (Connection connection = DriverManager.getConnection(DATABASE, USER, PASSWORD);
        Statement statement = connection.createStatement()) {
      statement.execute("drop schema if exists " + schema + " cascade");
    }
  }

  private String url() {
    return DATABASE + "?currentSchema=" + schema;
  }

  @Override
  Map<String, Object> databaseConfig() throws Exception {
    return Map.of(
        "url", url(),
        "user", USER,
        "passwordFile", passwordFile(PASSWORD).toString(),
        "driverJar", jarOf(org.postgresql.Driver.class).toString());
  }

  @Override
  Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), USER, PASSWORD);
  }

  @Test
  void shouldRunAMigrationOutsideATransactionOnlyWhenItSaysSo() throws Exception {
    assertThat(install(release("2.0.0", null).migration("001-items.sql", ITEMS)).outcome())
        .isEqualTo(Outcome.INSTALLED);
    String index = "create index concurrently items_name on items (name);\n";

    var inTransaction = install(release("3.0.0", "2.0.0").migration("002-index.sql", index));

    assertThat(inTransaction.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(inTransaction.message()).contains("cannot run inside a transaction block");

    var alone =
        install(
            release("3.0.1", "2.0.0")
                .migration("002-index-alone.sql", "-- openupdate:no-transaction\n" + index));

    assertThat(alone.outcome()).as(alone.message()).isEqualTo(Outcome.INSTALLED);
    assertThat(query("select indexname from pg_indexes where schemaname = current_schema()"))
        .contains(List.of("items_name"));
  }
}
