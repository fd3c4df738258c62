package org.openupdate.client;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/** The migration contract on an H2 file database, the driver loaded from H2's jar. */
class H2MigrationTest extends MigrationContract {

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
}
