package org.openupdate.client.internal.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.openupdate.client.internal.config.ClientConfig.MaintenanceConfig;
import org.openupdate.client.internal.state.StateStore;
import org.openupdate.manifest.ManifestJson;

/**
 * The maintenance file: present while the agent migrates and switches, so a web server in front of
 * the application can serve a maintenance page (see the README's nginx snippet) instead of errors
 * from a half-switched application. Its JSON says since when, from and to which version, the
 * message to show and the addresses that may still pass.
 */
final class MaintenanceMode {
  private final Optional<Path> file;
  private final MaintenanceConfig config;
  private final Clock clock;

  /** {@code config} may be null when {@code file} is empty. */
  MaintenanceMode(Optional<Path> file, MaintenanceConfig config, Clock clock) {
    this.file = file;
    this.config = config;
    this.clock = clock;
  }

  /** The file's path for hooks ({@code UPDATE_MAINTENANCE_FILE}); "" when none is configured. */
  String path() {
    return file.map(Path::toString).orElse("");
  }

  /** Writes the file atomically, so a web server never reads half of it. */
  void begin(String from, String to) throws IOException {
    if (file.isEmpty()) {
      return;
    }
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("since", clock.instant().toString());
    content.put("from", from);
    content.put("to", to);
    content.put("message", config.message());
    content.put("allowedAddresses", config.allowedAddresses());
    StateStore.writeAtomically(file.get(), ManifestJson.write(content));
  }

  /** Removes the file; also what recovery does after a crash left it behind. */
  void end() throws IOException {
    if (file.isPresent()) {
      Files.deleteIfExists(file.get());
    }
  }
}
