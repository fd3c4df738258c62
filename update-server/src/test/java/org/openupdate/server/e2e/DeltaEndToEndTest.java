package org.openupdate.server.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.server.support.ReleaseFixture;

/**
 * Deltas end to end: the real server makes them in the background after publishing, the packaged
 * agent rebuilds components from them, and every way a delta can fail ends in the full download.
 */
@QuarkusTest
class DeltaEndToEndTest {
  @TestHTTPResource("/")
  URL server;

  @TempDir Path dir;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private Path serverKeys;
  private List<String> pins;

  /** The app archive of 1.0.0 and 2.0.0: most bytes shared, some changed, added and removed. */
  private final Map<String, byte[]> big =
      Map.of("app/lib/big.bin", ReleaseFixture.randomBytes(300_000));

  private final byte[] core = ReleaseFixture.randomBytes(200_000);
  private final byte[] data = ReleaseFixture.randomBytes(150_000);

  @BeforeEach
  void pinTheServersKeys() throws IOException {
    assertThat(AgentProcess.JAR).isRegularFile();
    AgentProcess.ServerKeys keys = AgentProcess.ServerKeys.fetch(dir);
    serverKeys = keys.file();
    pins = keys.pins();
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable resource : resources) {
      resource.close();
    }
  }

  @Test
  void shouldInstallANewReleaseThroughADeltaAndReportTheBytesSaved() throws Exception {
    Installed installed = installFirstThenPublishSecond();

    AgentProcess.Run apply = installed.agent.run("apply", "--ignore-window");

    assertThat(apply.exitCode()).as(apply.err()).isZero();
    String log = apply.out() + apply.err();
    assertThat(log).contains("installed 2.0.0", "rebuilt app from 1.0.0 with a delta of");
    assertThat(log).contains("rebuilt data from 1.0.0").doesNotContain("downloading app");
    assertInstalledSecond(installed.agent);
    long full = installed.second.artifacts.values().stream().mapToLong(b -> b.length).sum();
    Map<String, Double> bytes = bytesCounted(installed.second);
    assertThat(bytes.get("full")).isEqualTo((double) full);
    assertThat(bytes.get("downloaded")).isPositive().isLessThan(full / 10.0);
    String page =
        given()
            .cookie(consoleSession())
            .get("/console/releases/" + installed.second.product + "/2.0.0")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(page).contains("Bandwidth", "Deltas from 1.0.0.");
    assertThat(page.replaceAll("\\s+", " "))
        .containsPattern("<td>stable</td><td class=\"num\">1</td>.*\\(9[0-9]\\.[0-9] ?%\\)");
  }

  @Test
  void shouldFallBackToTheFullDownloadWhenTheDeltaIsCorrupt() throws Exception {
    Installed installed = installFirstThenPublishSecond();
    Path delta = storedDelta(installed.second, "app");
    byte[] bytes = Files.readAllBytes(delta);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(delta, bytes);

    AgentProcess.Run apply = installed.agent.run("apply", "--ignore-window");

    assertThat(apply.exitCode()).as(apply.err()).isZero();
    String log = apply.out() + apply.err();
    assertThat(log).contains("delta for app thrown away", "SHA-256", "downloading app");
    assertInstalledSecond(installed.agent);
    long full = installed.second.artifacts.values().stream().mapToLong(b -> b.length).sum();
    // The thrown-away delta counts as downloaded too: the full component came on top of it.
    assertThat(bytesCounted(installed.second).get("downloaded"))
        .isGreaterThan(installed.second.artifacts.get("app").length);
    assertThat(bytesCounted(installed.second).get("full")).isEqualTo((double) full);
  }

  @Test
  void shouldFallBackToTheFullDownloadWhenTheMachineDoesNotHaveTheBase() throws Exception {
    Installed installed = installFirstThenPublishSecond();
    deleteTree(installed.agent.install().resolve("versions/1.0.0/app"));

    AgentProcess.Run apply = installed.agent.run("apply", "--ignore-window");

    assertThat(apply.exitCode()).as(apply.err()).isZero();
    assertThat(apply.out() + apply.err())
        .contains("delta for app not used: this machine has no installed", "downloading app");
    assertInstalledSecond(installed.agent);
  }

  @Test
  void shouldFallBackToTheFullDownloadWhenTheRebuiltFilesDoNotMatchTheSignedHashes()
      throws Exception {
    Installed installed = installFirstThenPublishSecond();
    // The installed file the delta patches was changed on this machine since: the rebuilt file
    // cannot have the hash the signed file map names.
    Path core = installed.agent.install().resolve("versions/1.0.0/app/app/lib/core.bin");
    byte[] changed = Files.readAllBytes(core);
    changed[100] ^= 1;
    Files.write(core, changed);

    AgentProcess.Run apply = installed.agent.run("apply", "--ignore-window");

    assertThat(apply.exitCode()).as(apply.err()).isZero();
    assertThat(apply.out() + apply.err())
        .contains("delta for app thrown away", "the signed file map says", "downloading app");
    assertInstalledSecond(installed.agent);
  }

  @Test
  void shouldGiveTheFullComponentsToAnAgentThatDoesNotUseDeltas() throws Exception {
    Installed installed = installFirstThenPublishSecond();
    installed.agent.set("download", Map.of("deltas", false));

    AgentProcess.Run apply = installed.agent.run("apply", "--ignore-window");

    assertThat(apply.exitCode()).as(apply.err()).isZero();
    assertThat(apply.out() + apply.err())
        .contains("downloading app", "downloading data")
        .doesNotContain("delta");
    assertInstalledSecond(installed.agent);
    Map<String, Double> bytes = bytesCounted(installed.second);
    assertThat(bytes.get("downloaded")).isEqualTo(bytes.get("full"));
  }

  private record Installed(AgentProcess agent, ReleaseFixture second) {}

  /** Signs in to the console as a browser does: the form's CSRF token and cookie, then a token. */
  private static io.restassured.http.Cookie consoleSession() {
    io.restassured.response.Response form = given().get("/");
    java.util.regex.Matcher csrf =
        java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"")
            .matcher(form.asString());
    assertThat(csrf.find()).isTrue();
    return given()
        .redirects()
        .follow(false)
        .cookie(form.getDetailedCookie("ou_sign_in"))
        .contentType("application/x-www-form-urlencoded")
        .formParam("token", org.openupdate.server.support.Admin.ADMIN_TOKEN)
        .formParam("csrf", csrf.group(1))
        .post("/console/sign-in")
        .getDetailedCookie("ou_session");
  }

  /** 1.0.0 installed by the agent; 2.0.0 published, its deltas made and offered. */
  private Installed installFirstThenPublishSecond() throws Exception {
    ReleaseFixture first =
        ReleaseFixture.aRelease()
            .component("app", appArchive(1))
            .component("data", data)
            .published();
    AgentProcess agent =
        new AgentProcess(
            dir.resolve("machine"), server.toString(), first.product, serverKeys, pins);
    resources.add(agent);
    AgentProcess.Run install = agent.run("apply", "--ignore-window");
    assertThat(install.exitCode()).as(install.err()).isZero();
    byte[] data2 = data.clone();
    data2[70_000] ^= 7;
    ReleaseFixture second =
        first.version("2.0.0").component("app", appArchive(2)).component("data", data2).published();
    awaitDeltaOffer(second);
    return new Installed(agent, second);
  }

  /** Publishing does not wait for deltas: they appear in the check answer once made. */
  private static void awaitDeltaOffer(ReleaseFixture release) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      List<String> from =
          given()
              .header("X-Product", release.product)
              .header("X-Current-Version", "1.0.0")
              .header("X-Channel", "stable")
              .get("/api/v1/updates/check")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath()
              .getList("deltaFrom");
      if (from != null && from.contains("1.0.0")) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no delta from 1.0.0 offered for " + release.product + " 2.0.0");
  }

  private static Path storedDelta(ReleaseFixture release, String component) {
    String sha256 =
        given()
            .get("/api/v1/deltas/" + release.product + "/2.0.0/1.0.0")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("components." + component + ".sha256");
    Path store =
        Path.of(
            ConfigProvider.getConfig().getValue("openupdate.artifacts.directory", String.class));
    return store.resolve(sha256.substring(0, 2)).resolve(sha256);
  }

  private void assertInstalledSecond(AgentProcess agent) throws IOException {
    Path app = agent.install().resolve("current/app/app");
    assertThat(Files.readSymbolicLink(agent.install().resolve("current")))
        .isEqualTo(Path.of("versions/2.0.0"));
    assertThat(Files.readAllBytes(app.resolve("lib/big.bin")))
        .isEqualTo(big.get("app/lib/big.bin"));
    assertThat(Files.readAllBytes(app.resolve("lib/core.bin"))).isEqualTo(core(2));
    assertThat(Files.readString(app.resolve("run.sh"))).isEqualTo(script(2));
    assertThat(Files.getPosixFilePermissions(app.resolve("run.sh")))
        .contains(PosixFilePermission.OWNER_EXECUTE);
    assertThat(Files.readString(app.resolve("conf/new.txt"))).isEqualTo("added in 2.0.0\n");
    assertThat(app.resolve("old.txt")).doesNotExist();
    assertThat(Files.readSymbolicLink(app.resolve("library"))).isEqualTo(Path.of("lib"));
    byte[] data2 = data.clone();
    data2[70_000] ^= 7;
    assertThat(Files.readAllBytes(agent.install().resolve("current/data/data"))).isEqualTo(data2);
  }

  /** The bytes the server counted from the agent's reports on the release, from its metrics. */
  private static Map<String, Double> bytesCounted(ReleaseFixture release) {
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    Map<String, Double> counted = new LinkedHashMap<>();
    for (String line : metrics.split("\n")) {
      if (line.contains("product=\"" + release.product + "\"")
          && line.contains("channel=\"stable\"")
          && line.contains("version=\"2.0.0\"")) {
        String value = line.substring(line.lastIndexOf(' ') + 1);
        if (line.startsWith("update_bytes_downloaded_total")) {
          counted.put("downloaded", Double.parseDouble(value));
        } else if (line.startsWith("update_bytes_full_total")) {
          counted.put("full", Double.parseDouble(value));
        }
      }
    }
    return counted;
  }

  private byte[] core(int release) {
    if (release == 1) {
      return core;
    }
    byte[] changed = Arrays.copyOf(core, core.length + 1000);
    changed[50_000] ^= 1;
    changed[150_000] ^= 1;
    return changed;
  }

  private static String script(int release) {
    return "#!/bin/sh\necho \"release " + release + "\"\n";
  }

  private byte[] appArchive(int release) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      tar.putArchiveEntry(new TarArchiveEntry("app/"));
      tar.closeArchiveEntry();
      add(tar, "app/lib/big.bin", big.get("app/lib/big.bin"), 0644);
      add(tar, "app/lib/core.bin", core(release), 0644);
      add(tar, "app/run.sh", script(release).getBytes(StandardCharsets.UTF_8), 0755);
      if (release == 1) {
        add(tar, "app/old.txt", "gone in 2.0.0\n".getBytes(StandardCharsets.UTF_8), 0644);
      } else {
        add(tar, "app/conf/new.txt", "added in 2.0.0\n".getBytes(StandardCharsets.UTF_8), 0644);
      }
      TarArchiveEntry link = new TarArchiveEntry("app/library", TarArchiveEntry.LF_SYMLINK);
      link.setLinkName("lib");
      tar.putArchiveEntry(link);
      tar.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }

  private static void add(TarArchiveOutputStream tar, String name, byte[] content, int mode)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    entry.setMode(0100000 | mode);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
