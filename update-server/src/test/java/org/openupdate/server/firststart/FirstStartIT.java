package org.openupdate.server.firststart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's first and second start of the packaged server, from a working directory of their
 * own, with the README's command and nothing else set: the embedded default (H2).
 */
class FirstStartIT {

  private static final Pattern TOKEN_LINE =
      Pattern.compile("Created admin token 'initial-admin'.*store it safely: (ou_\\S+)");

  /** The one warning of every start of the embedded default (README, "Run"). */
  static final String DEV_KEY_WARNING = "Signing with the unprotected development key";

  @TempDir Path workingDirectory;

  @BeforeEach
  void embeddedDefaultOnly() {
    assumeTrue(
        "h2".equals(System.getProperty("quarkus.datasource.db-kind", "h2")),
        "the first start is the embedded default's (H2); this build is for another database");
  }

  @Test
  void shouldLogAGeneratedAdminTokenOnceAndNotOnTheSecondStart() throws Exception {
    String token;
    try (ServerProcess first = ServerProcess.start(workingDirectory, Map.of())) {
      assertThat(first.exited()).as(first.log()).isFalse();
      Matcher line = TOKEN_LINE.matcher(first.log());
      assertThat(line.find()).as(first.log()).isTrue();
      token = line.group(1);
      assertThat(first.get("/api/v1/admin/tokens", token).statusCode()).isEqualTo(200);
      assertThat(warnings(first))
          .as("the token line and the development key's, no other warning")
          .hasSize(2)
          .anyMatch(w -> TOKEN_LINE.matcher(w).find())
          .anyMatch(w -> w.contains(DEV_KEY_WARNING));
    }
    assertThat(workingDirectory.resolve("data/db")).isDirectory();

    try (ServerProcess second = ServerProcess.start(workingDirectory, Map.of())) {
      assertThat(second.exited()).as(second.log()).isFalse();
      assertThat(second.log()).doesNotContain("Created admin token").doesNotContain(token);
      assertThat(second.get("/api/v1/admin/tokens", token).statusCode()).isEqualTo(200);
      assertThat(warnings(second))
          .as("a normal start warns of the unprotected development key and of nothing else")
          .singleElement()
          .satisfies(line -> assertThat(line).contains(DEV_KEY_WARNING));
    }
  }

  @Test
  void shouldResolveARelativeDataDirectoryAgainstTheWorkingDirectory() throws Exception {
    try (ServerProcess server =
        ServerProcess.start(workingDirectory, Map.of("OPENUPDATE_DATA_DIR", "state/openupdate"))) {
      assertThat(server.exited()).as(server.log()).isFalse();
      assertThat(server.get("/q/health/ready", null).statusCode()).isEqualTo(200);
    }
    Path dataDir = workingDirectory.resolve("state/openupdate");
    assertThat(dataDir.resolve("db")).isDirectory();
    assertThat(dataDir.resolve("signing")).isDirectory();
    assertThat(Files.exists(workingDirectory.resolve("data"))).isFalse();
  }

  @Test
  void shouldRefuseAnAdminTokenShorterThanSixteenCharacters() throws Exception {
    try (ServerProcess server =
        ServerProcess.start(workingDirectory, Map.of("OPENUPDATE_ADMIN_TOKEN", "too-short"))) {
      assertThat(server.exited()).as(server.log()).isTrue();
      assertThat(server.exitCode()).isNotZero();
      assertThat(server.log())
          .contains("OPENUPDATE_ADMIN_TOKEN must be at least 16 characters long");
    }
  }

  @Test
  void shouldShowAPersonWhatServerThisIsAtTheRoot() throws Exception {
    try (ServerProcess server = ServerProcess.start(workingDirectory, Map.of())) {
      var page = server.get("/", null);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
      assertThat(page.body())
          .contains("OpenUpdate server")
          .contains("href=\"/q/swagger-ui\"")
          .containsPattern("Version <strong id=\"version\">\\d+\\.\\d+\\.\\d+");
    }
  }

  static List<String> warnings(ServerProcess server) {
    return server.logLines().stream().filter(l -> l.matches("^\\S+ WARN .*")).toList();
  }
}
