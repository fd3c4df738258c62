package org.openupdate.client.internal.report;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.openupdate.client.internal.net.Http;
import org.openupdate.client.internal.state.StateStore;
import org.openupdate.manifest.ManifestJson;
import org.openupdate.manifest.StatusReport;

/**
 * Status reports go to disk first ({@code <stateDir>/reports/}) and are sent from there, oldest
 * first, so a report survives a server outage or an agent crash. The server accepts a report id
 * twice and counts it once, so a resend after a lost acknowledgement is harmless. A report the
 * server rejects as malformed (4xx) is moved to {@code reports/rejected/} instead of being retried
 * forever, and kept.
 */
public final class ReportQueue {
  private static final AtomicLong SEQUENCE = new AtomicLong();
  private final Path dir;
  private final Http http;
  private final URI endpoint;
  private final Clock clock;

  public ReportQueue(Path stateDir, Http http, URI endpoint, Clock clock) {
    this.dir = stateDir.resolve("reports");
    this.http = http;
    this.endpoint = endpoint;
    this.clock = clock;
  }

  /** Result of sending what is queued. */
  public record Flush(int sent, int rejected, int pending, List<String> problems) {}

  public void enqueue(StatusReport report) throws IOException {
    String name =
        String.format(
            "%013d-%06d-%s.json",
            clock.millis(), SEQUENCE.incrementAndGet() % 1_000_000, report.reportId());
    StateStore.writeAtomically(dir.resolve(name), ManifestJson.write(report));
  }

  public Flush flush() {
    int sent = 0;
    int rejected = 0;
    List<String> problems = new ArrayList<>();
    List<Path> queued = queued();
    for (int i = 0; i < queued.size(); i++) {
      Path file = queued.get(i);
      try {
        byte[] report;
        try {
          report = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
          // Another agent on this machine sent it meanwhile.
          continue;
        }
        Http.Response response = http.postJson(endpoint, report);
        int status = response.status();
        if (status >= 200 && status < 300) {
          Files.deleteIfExists(file);
          sent++;
        } else if (status >= 400 && status < 500 && status != 408 && status != 429) {
          Path rejectedDir = Files.createDirectories(dir.resolve("rejected"));
          Files.move(file, rejectedDir.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
          Files.writeString(
              rejectedDir.resolve(file.getFileName() + ".reason"),
              "HTTP " + status + ": " + new String(response.body(), StandardCharsets.UTF_8));
          rejected++;
          problems.add("server rejected report " + file.getFileName() + " with HTTP " + status);
        } else {
          problems.add("server answered HTTP " + status + "; reports stay queued");
          return new Flush(sent, rejected, queued.size() - i, problems);
        }
      } catch (IOException e) {
        problems.add(
            "cannot deliver reports to " + endpoint + ": " + e.getMessage() + "; they stay queued");
        return new Flush(sent, rejected, queued.size() - i, problems);
      }
    }
    return new Flush(sent, rejected, 0, problems);
  }

  public int pending() {
    return queued().size();
  }

  private List<Path> queued() {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return files;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.json")) {
      stream.forEach(files::add);
    } catch (IOException e) {
      return files;
    }
    files.sort(null);
    return files;
  }
}
