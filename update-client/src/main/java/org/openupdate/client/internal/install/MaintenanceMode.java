package org.openupdate.client.internal.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  private final String message;
  private final List<String> allowedAddresses;
  private final Clock clock;

  MaintenanceMode(Optional<Path> file, String message, List<String> allowedAddresses, Clock clock) {
    this.file = file;
    this.message = message;
    this.allowedAddresses = List.copyOf(allowedAddresses);
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
    content.put("message", message);
    content.put("allowedAddresses", allowedAddresses);
    StateStore.writeAtomically(file.get(), ManifestJson.write(content));
  }

  /** Removes the file; also what recovery does after a crash left it behind. */
  void end() throws IOException {
    if (file.isPresent()) {
      Files.deleteIfExists(file.get());
    }
  }
}
