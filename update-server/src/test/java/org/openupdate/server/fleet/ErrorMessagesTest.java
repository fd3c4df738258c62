package org.openupdate.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorMessagesTest {

  @Test
  void shouldReplaceNumbersSoThatEqualFailuresShareAReason() {
    assertThat(ErrorMessages.normalise("port 8443 in use after 30s (attempt 3 of 5)"))
        .isEqualTo("port <n> in use after <n>s (attempt <n> of <n>)");
    assertThat(ErrorMessages.normalise("health check got HTTP 503 from 10.0.0.17:8080"))
        .isEqualTo("health check got HTTP <n> from <n>:<n>");
    assertThat(ErrorMessages.normalise("health check got HTTP 502 from 10.0.3.2:9090"))
        .isEqualTo(ErrorMessages.normalise("health check got HTTP 503 from 10.0.0.17:8080"));
  }

  @Test
  void shouldReplaceUuidsHexIdsAndTimes() {
    assertThat(
            ErrorMessages.normalise(
                "lock held by 3f1c2a9e-7b4d-4e1a-9c3b-0123456789ab since 2026-03-15T10:00:00Z"))
        .isEqualTo("lock held by <id> since <time>");
    assertThat(ErrorMessages.normalise("sha256 mismatch: got 9f86d081884c7d65, want 0xdeadbeef"))
        .isEqualTo("sha256 mismatch: got <id>, want <id>");
  }

  @Test
  void shouldReplaceTheNumericPartsOfPathsOnly() {
    assertThat(ErrorMessages.normalise("cannot write /var/lib/app/releases/4711/tmp-123/app.jar"))
        .isEqualTo("cannot write /var/lib/app/releases/<n>/tmp-<n>/app.jar");
  }

  @Test
  void shouldKeepNumbersThatArePartOfAWord() {
    assertThat(ErrorMessages.normalise("no x86_64 build of libssl3 for v2 (sha256)"))
        .isEqualTo("no x86_64 build of libssl3 for v2 (sha256)");
    assertThat(ErrorMessages.normalise("deadbeef is a word, 12345678 a number"))
        .isEqualTo("deadbeef is a word, <n> a number");
  }

  @Test
  void shouldJoinSeveralErrorsAndNameTheirAbsence() {
    assertThat(ErrorMessages.normalise(List.of("hook exited 2", "  rolled   back  ")))
        .isEqualTo("hook exited <n> | rolled back");
    assertThat(ErrorMessages.normalise(List.of())).isEqualTo("(no error message)");
    assertThat(ErrorMessages.example(List.of("hook exited 2", "rolled back")))
        .isEqualTo("hook exited 2 | rolled back");
  }

  @Test
  void shouldClipVeryLongReasons() {
    String reason = ErrorMessages.normalise(List.of("x".repeat(2000)));

    assertThat(reason).hasSize(500).endsWith("...");
  }
}
