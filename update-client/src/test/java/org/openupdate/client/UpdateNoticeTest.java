package org.openupdate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.client.testing.Release.aRelease;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.client.UpdateClient.Outcome;
import org.openupdate.client.testing.AgentHome;
import org.openupdate.client.testing.FakeUpdateServer;

/**
 * The update notice on the machine (notice.json and the notify hook) and what a person does with
 * it: dismiss, schedule, apply. Time is a fixed clock: a Tuesday noon, outside a window that opens
 * on Mondays at 02:00.
 */
class UpdateNoticeTest {
  @TempDir Path dir;
  private FakeUpdateServer server;
  private AgentHome home;
  private Instant tuesdayNoon;
  private Instant nextMonday;

  @BeforeEach
  void start() throws IOException {
    server = new FakeUpdateServer();
    home = new AgentHome(dir, server.url());
    tuesdayNoon = upcoming(DayOfWeek.TUESDAY).plus(Duration.ofHours(12));
    nextMonday = upcoming(DayOfWeek.MONDAY).plus(Duration.ofHours(2));
    if (nextMonday.isBefore(tuesdayNoon)) {
      nextMonday = nextMonday.plus(7, ChronoUnit.DAYS);
    }
    home.set(
            "maintenanceWindow",
            Map.of(
                "enabled",
                true,
                "days",
                List.of("monday"),
                "startTime",
                "02:00",
                "endTime",
                "02:01"))
        .set("autoInstall", true);
    home.script("notify.sh", "echo \"$UPDATE_NOTICE_EVENT $UPDATE_TO_VERSION\" >> " + told());
    notifyHook(home.root().resolve("notify.sh").toString());
  }

  @AfterEach
  void stop() {
    server.close();
    assertThat(home.state().resolve("reports/rejected")).doesNotExist();
  }

  private void notifyHook(String command) {
    home.set("hooks", Map.of("notify", command, "notifyTimeout", 1));
  }

  private Path told() {
    return dir.resolve("told.txt");
  }

  private List<String> toldLines() throws IOException {
    return Files.exists(told()) ? Files.readAllLines(told()) : List.of();
  }

  private UpdateClient at(Instant now) {
    return home.client(Clock.fixed(now, ZoneOffset.UTC));
  }

  private Path noticeFile() {
    return home.state().resolve("notice.json");
  }

  private JsonNode notice() throws IOException {
    return new ObjectMapper().readTree(noticeFile().toFile());
  }

  @Test
  void shouldWriteTheNoticeAndTellTheHookWhileAnUpdateWaitsForTheWindow() throws IOException {
    Instant deadline = tuesdayNoon.plus(Duration.ofDays(3));
    server.offer(
        aRelease("2.0.0")
            .mandatory(deadline)
            .changelog(List.of("reports", "export"), List.of("login"), List.of("CVE-2026-1"))
            .build());

    var result = at(tuesdayNoon).runOnce();

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.OUTSIDE_WINDOW);
    JsonNode notice = notice();
    assertThat(notice.get("product").asText()).isEqualTo("cm-diagnostics");
    assertThat(notice.get("version").asText()).isEqualTo("2.0.0");
    assertThat(notice.get("installedVersion").asText()).isEqualTo("1.0.0");
    assertThat(notice.get("mandatory").asBoolean()).isTrue();
    assertThat(Instant.parse(notice.get("installDeadline").asText())).isEqualTo(deadline);
    assertThat(notice.get("waitingFor").asText()).isEqualTo("maintenance-window");
    assertThat(Instant.parse(notice.get("nextWindow").asText())).isEqualTo(nextMonday);
    assertThat(notice.get("summary").asText()).isEqualTo("2 features, 1 fix, 1 security fix");
    assertThat(notice.get("changelog").get("security").get(0).asText()).isEqualTo("CVE-2026-1");
    assertThat(Instant.parse(notice.get("offeredAt").asText())).isEqualTo(tuesdayNoon);
    assertThat(toldLines()).containsExactly("waiting 2.0.0");

    // The next cycle finds the same notice: the application is not told again.
    at(tuesdayNoon.plus(Duration.ofHours(1))).runOnce();
    assertThat(toldLines()).containsExactly("waiting 2.0.0");
    assertThat(Instant.parse(notice().get("offeredAt").asText())).isEqualTo(tuesdayNoon);

    var installed = at(nextMonday).runOnce();

    assertThat(installed.outcome()).as(installed.message()).isEqualTo(Outcome.INSTALLED);
    assertThat(noticeFile()).doesNotExist();
    assertThat(toldLines()).containsExactly("waiting 2.0.0", "cleared ");
  }

  @Test
  void shouldReplaceTheNoticeWhenANewerReleaseIsOfferedAndRemoveItWhenUpToDate()
      throws IOException {
    home.set("autoInstall", false).set("maintenanceWindow", Map.of("enabled", false));
    notifyHook(home.root().resolve("notify.sh").toString());
    server.offer(aRelease("2.0.0").build());
    assertThat(at(tuesdayNoon).runOnce().outcome()).isEqualTo(Outcome.AVAILABLE);
    assertThat(notice().get("waitingFor").asText()).isEqualTo("install-command");
    assertThat(notice().has("nextWindow")).isFalse();

    server.offer(aRelease("2.1.0").build());
    at(tuesdayNoon).runOnce();

    assertThat(notice().get("version").asText()).isEqualTo("2.1.0");
    assertThat(toldLines()).containsExactly("waiting 2.0.0", "waiting 2.1.0");

    server.offerNothing();
    assertThat(at(tuesdayNoon).runOnce().outcome()).isEqualTo(Outcome.UP_TO_DATE);

    assertThat(noticeFile()).doesNotExist();
    assertThat(toldLines()).endsWith("cleared ");
  }

  @Test
  void shouldWriteTheNoticeWhenTheNotifyHookFailsOrHangs() throws IOException {
    notifyHook("exit 3");
    server.offer(aRelease("2.0.0").build());

    var failing = at(tuesdayNoon).runOnce();

    assertThat(failing.outcome()).isEqualTo(Outcome.OUTSIDE_WINDOW);
    assertThat(notice().get("version").asText()).isEqualTo("2.0.0");
    assertThat(home.log()).anyMatch(line -> line.contains("notify hook exited with 3"));

    notifyHook("sleep 30");
    server.offer(aRelease("2.1.0").build());
    long start = System.nanoTime();

    var hanging = at(tuesdayNoon).runOnce();

    assertThat(hanging.outcome()).isEqualTo(Outcome.OUTSIDE_WINDOW);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    assertThat(notice().get("version").asText()).isEqualTo("2.1.0");
    assertThat(home.log()).anyMatch(line -> line.contains("notify hook timed out after 1 s"));
  }

  @Test
  void shouldDismissTheWaitingVersionUntilANewerOneIsOffered() throws IOException {
    server.offer(aRelease("2.0.0").build());
    at(tuesdayNoon).runOnce();

    var dismissed = at(tuesdayNoon).dismiss("2.0.0");

    assertThat(dismissed.outcome()).as(dismissed.message()).isEqualTo(Outcome.DISMISSED);
    assertThat(noticeFile()).doesNotExist();
    assertThat(toldLines()).containsExactly("waiting 2.0.0", "cleared ");
    var skipped = at(nextMonday).runOnce();
    assertThat(skipped.outcome()).as(skipped.message()).isEqualTo(Outcome.SKIPPED);
    assertThat(home.install().resolve("current")).doesNotExist();
    assertThat(server.lastCheckHeaders()).containsEntry("x-dismissed-versions", "2.0.0");
    assertThat(at(nextMonday).status().skippedVersions()).containsKey("2.0.0");

    server.offer(aRelease("2.1.0").build());
    var newer = at(tuesdayNoon).runOnce();

    assertThat(newer.outcome()).as(newer.message()).isEqualTo(Outcome.OUTSIDE_WINDOW);
    assertThat(notice().get("version").asText()).isEqualTo("2.1.0");
    assertThat(at(tuesdayNoon).status().skippedVersions()).isEmpty();
    at(tuesdayNoon).check();
    assertThat(server.lastCheckHeaders()).doesNotContainKey("x-dismissed-versions");
  }

  @Test
  void shouldRefuseToDismissAMandatoryReleasePastItsDeadline() throws IOException {
    Instant deadline = tuesdayNoon.plus(Duration.ofHours(1));
    server.offer(aRelease("2.0.0").mandatory(deadline).build());
    assertThat(at(tuesdayNoon).runOnce().outcome()).isEqualTo(Outcome.OUTSIDE_WINDOW);

    var refused = at(deadline).dismiss("2.0.0");

    assertThat(refused.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(refused.message())
        .isEqualTo(
            "dismiss refused: 2.0.0 is mandatory and its install deadline "
                + deadline
                + " has passed; the agent installs it at its next cycle");
    assertThat(noticeFile()).exists();
    assertThat(at(deadline).status().skippedVersions()).isEmpty();
  }

  @Test
  void shouldInstallADismissedMandatoryReleaseOnceItsDeadlineHasPassed() throws IOException {
    Instant deadline = tuesdayNoon.plus(Duration.ofHours(1));
    server.offer(aRelease("2.0.0").mandatory(deadline).build());
    at(tuesdayNoon).runOnce();
    var dismissed = at(tuesdayNoon).dismiss("2.0.0");
    assertThat(dismissed.outcome()).isEqualTo(Outcome.DISMISSED);
    assertThat(dismissed.message()).contains("installed all the same once its deadline");
    assertThat(at(tuesdayNoon).runOnce().outcome()).isEqualTo(Outcome.SKIPPED);

    var result = at(deadline).runOnce();

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.INSTALLED);
    assertThat(home.current()).isEqualTo("2.0.0");
  }

  @Test
  void shouldRefuseToDismissOrScheduleAVersionThatDoesNotWait() throws IOException {
    var nothingWaits = at(tuesdayNoon).dismiss("2.0.0");
    assertThat(nothingWaits.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(nothingWaits.message())
        .isEqualTo(
            "2.0.0 is not the update waiting here (none waits; 'update-client check' asks the"
                + " server)");

    server.offer(aRelease("2.0.0").build());
    at(tuesdayNoon).runOnce();
    var other = at(tuesdayNoon).schedule("2.5.0", tuesdayNoon.plus(Duration.ofHours(1)));

    assertThat(other.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(other.message()).isEqualTo("2.5.0 is not the update waiting here (2.0.0 waits)");
  }

  @Test
  void shouldInstallOnceAtTheScheduledTimeOutsideTheWindow() throws IOException {
    server.offer(aRelease("2.0.0").build());
    at(tuesdayNoon).runOnce();
    Instant at = tuesdayNoon.plus(Duration.ofHours(6));

    var scheduled = at(tuesdayNoon).schedule("2.0.0", at);

    assertThat(scheduled.outcome()).as(scheduled.message()).isEqualTo(Outcome.SCHEDULED);
    assertThat(Instant.parse(notice().get("scheduledAt").asText())).isEqualTo(at);
    assertThat(toldLines()).containsExactly("waiting 2.0.0", "waiting 2.0.0");
    assertThat(at(tuesdayNoon).status().scheduledInstall()).isEqualTo("2.0.0 at " + at);
    var before = at(at.minusSeconds(1)).runOnce();
    assertThat(before.outcome()).isEqualTo(Outcome.OUTSIDE_WINDOW);
    assertThat(server.lastCheckHeaders()).containsEntry("x-scheduled-install", "2.0.0 " + at);

    var due = at(at).runOnce();

    assertThat(due.outcome()).as(due.message()).isEqualTo(Outcome.INSTALLED);
    assertThat(home.current()).isEqualTo("2.0.0");
    assertThat(at(at).status().scheduledInstall()).isEmpty();
    assertThat(noticeFile()).doesNotExist();
  }

  @Test
  void shouldDropTheScheduleWhenANewerReleaseIsOffered() throws IOException {
    server.offer(aRelease("2.0.0").build());
    at(tuesdayNoon).runOnce();
    Instant at = tuesdayNoon.plus(Duration.ofHours(6));
    assertThat(at(tuesdayNoon).schedule("2.0.0", at).outcome()).isEqualTo(Outcome.SCHEDULED);
    server.offer(aRelease("2.1.0").build());

    var newer = at(at).runOnce();

    assertThat(newer.outcome()).as(newer.message()).isEqualTo(Outcome.OUTSIDE_WINDOW);
    assertThat(at(at).status().scheduledInstall()).isEmpty();
    assertThat(notice().has("scheduledAt")).isFalse();
  }

  @Test
  void shouldRefuseAScheduleThatIsNotInTheFuture() throws IOException {
    server.offer(aRelease("2.0.0").build());
    at(tuesdayNoon).runOnce();

    var past = at(tuesdayNoon).schedule("2.0.0", tuesdayNoon.minusSeconds(60));

    assertThat(past.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(past.message())
        .isEqualTo(
            "cannot schedule 2.0.0 at "
                + tuesdayNoon.minusSeconds(60)
                + ": that is not after now ("
                + tuesdayNoon
                + ")");
    assertThat(at(tuesdayNoon).status().scheduledInstall()).isEmpty();
  }

  @Test
  void shouldInstallTheWaitingUpdateNowWhenApplied() throws IOException {
    server.offer(aRelease("2.0.0").build());
    at(tuesdayNoon).runOnce();

    var applied = at(tuesdayNoon).apply(true);

    assertThat(applied.outcome()).as(applied.message()).isEqualTo(Outcome.INSTALLED);
    assertThat(noticeFile()).doesNotExist();
    assertThat(toldLines()).containsExactly("waiting 2.0.0", "cleared ");
  }

  private static Instant upcoming(DayOfWeek day) {
    Instant date = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
    while (date.atZone(ZoneOffset.UTC).getDayOfWeek() != day) {
      date = date.plus(1, ChronoUnit.DAYS);
    }
    return date;
  }
}
