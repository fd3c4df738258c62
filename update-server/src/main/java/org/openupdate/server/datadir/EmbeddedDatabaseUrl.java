package org.openupdate.server.datadir;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The embedded default's database URL, built from {@code openupdate.data-dir} resolved against the
 * working directory at start-up.
 *
 * <p>H2 refuses a file path that is implicitly relative ({@code jdbc:h2:file:data/db}), which made
 * the README's start command fail on a fresh clone; a property expression cannot make a path
 * absolute, so the URL is computed here. The source has the lowest ordinal: any configured {@code
 * quarkus.datasource.jdbc.url} (a profile's, PostgreSQL's from the environment) wins over it.
 */
public class EmbeddedDatabaseUrl implements ConfigSourceFactory {

  static final String DATA_DIR = "openupdate.data-dir";
  static final String JDBC_URL = "quarkus.datasource.jdbc.url";
  private static final int ORDINAL = 1;

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
    ConfigValue dataDir = context.getValue(DATA_DIR);
    if (dataDir == null || dataDir.getValue() == null) {
      return List.of();
    }
    return List.of(
        new PropertiesConfigSource(
            Map.of(JDBC_URL, url(dataDir.getValue())), "openupdate embedded database", ORDINAL));
  }

  static String url(String dataDir) {
    Path db = Path.of(dataDir).toAbsolutePath().normalize().resolve("db").resolve("openupdate");
    return "jdbc:h2:file:" + db + ";DB_CLOSE_ON_EXIT=FALSE";
  }
}
