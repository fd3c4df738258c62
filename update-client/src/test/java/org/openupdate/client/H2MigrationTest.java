package org.openupdate.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openupdate.client.UpdateClient.Outcome;
import org.openupdate.manifest.ManifestJson;
import org.openupdate.manifest.ReleaseManifest;

/**
 * The migration contract on an H2 file database, the driver loaded from H2's jar. Also what only an
 * embedded database can show: H2's {@code FILE_READ} reads files of this machine from inside a
 * migration, so a migration records what the install folder and the maintenance file held while it
 * ran.
 */
class H2MigrationTest extends MigrationContract {
  // DDL commits implicitly in H2: the table a later migration writes to comes in one of its own.
  private static final String SEEN = "create table seen (what varchar(20), content clob);\n";

  private String url() {
    return "jdbc:h2:file:" + dir.resolve("h2/app").toAbsolutePath();
  }

  @Override
  Map<String, Object> databaseConfig() throws Exception {
    return Map.of(
        "url", url(),
        "user", "sa",
        "passwordFile", passwordFile("").toString(),
        "driverJar", jarOf(org.h2.Driver.class).toString());
  }

  @Override
  Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), "sa", "");
  }

  @Test
  void shouldRunMigrationsWhileTheOldVersionIsStillCurrent() throws Exception {
    assertThat(install(release("2.0.0", null).migration("001-items.sql", ITEMS)).outcome())
        .isEqualTo(Outcome.INSTALLED);
    // current/release-manifest.json: the manifest of whichever version current points at.
    Path manifest = home.install().resolve("current/release-manifest.json").toAbsolutePath();

    var result =
        install(
            release("3.0.0", "2.0.0")
                .migration("002-seen.sql", SEEN)
                .migration("003-current.sql", readInto("current", manifest)));

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.INSTALLED);
    assertThat(home.current()).isEqualTo("3.0.0");
    List<List<String>> seen = query("select content from seen where what = 'current'");
    assertThat(seen).hasSize(1);
    ReleaseManifest during =
        ManifestJson.read(
            seen.get(0).get(0).getBytes(StandardCharsets.UTF_8), ReleaseManifest.class);
    assertThat(during.version()).as("current's version while migrations ran").isEqualTo("2.0.0");
  }

  @Test
  void shouldHaveTheMaintenanceFileInPlaceWhileMigrationsRun() throws Exception {
    home.set("maintenance", Map.of("file", "www/maintenance.json", "message", "Back soon"));
    assertThat(install(release("2.0.0", null).migration("001-items.sql", ITEMS)).outcome())
        .isEqualTo(Outcome.INSTALLED);
    Path maintenance = home.root().resolve("www/maintenance.json").toAbsolutePath();
    assertThat(maintenance).doesNotExist();

    // FILE_READ of a missing file fails the migration, and with it the install.
    var result =
        install(
            release("3.0.0", "2.0.0")
                .migration("002-seen.sql", SEEN)
                .migration("003-maintenance.sql", readInto("maintenance", maintenance)));

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.INSTALLED);
    List<List<String>> seen = query("select content from seen where what = 'maintenance'");
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).get(0))
        .contains("\"from\"", "\"2.0.0\"", "\"to\"", "\"3.0.0\"", "Back soon");
    assertThat(maintenance).as("removed once the new version is healthy").doesNotExist();
  }

  /**
   * A migration that stores the text of {@code file}, as read while it runs, under {@code what}.
   */
  private static String readInto(String what, Path file) {
    return "insert into seen (what, content) values ('"
        + what
        + "', FILE_READ('"
        + file
        + "', 'UTF-8'));\n";
  }
}
