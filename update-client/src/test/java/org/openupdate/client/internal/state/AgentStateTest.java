package org.openupdate.client.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openupdate.manifest.Version;

class AgentStateTest {
  private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

  @Test
  void shouldWalkTheHappyPathInOrder() {
    Transaction tx = Transaction.idle(NOW).start(AgentState.CHECKING, "1.0.0", null, NOW);
    for (AgentState next :
        new AgentState[] {
          AgentState.DOWNLOADING,
          AgentState.VERIFYING,
          AgentState.WAITING_FOR_WINDOW,
          AgentState.BACKING_UP,
          AgentState.APPLYING,
          AgentState.HEALTH_CHECKING,
          AgentState.SUCCESS
        }) {
      tx = tx.moveTo(next, NOW, null);
    }
    assertThat(tx.state()).isEqualTo(AgentState.SUCCESS);
  }

  @Test
  void shouldRefuseToSkipTheBackup() {
    Transaction verifying =
        Transaction.idle(NOW)
            .start(AgentState.CHECKING, "1.0.0", "2.0.0", NOW)
            .moveTo(AgentState.DOWNLOADING, NOW, null)
            .moveTo(AgentState.VERIFYING, NOW, null);
    assertThatThrownBy(() -> verifying.moveTo(AgentState.APPLYING, NOW, null))
        .hasMessage("agent cannot move from verifying to applying");
  }

  @Test
  void shouldRefuseToLeaveAnInstallTransactionExceptToAnEnd() {
    for (AgentState inside :
        new AgentState[] {AgentState.BACKING_UP, AgentState.APPLYING, AgentState.HEALTH_CHECKING}) {
      assertThat(inside.inTransaction()).isTrue();
      assertThat(inside.canMoveTo(AgentState.IDLE)).isFalse();
      assertThat(inside.canMoveTo(AgentState.CHECKING)).isFalse();
      assertThat(inside.canMoveTo(AgentState.ROLLED_BACK)).isTrue();
    }
  }

  @Test
  void shouldUseTheDesignsWireNames() {
    assertThat(AgentState.WAITING_FOR_WINDOW.wireName()).isEqualTo("waiting-for-window");
    assertThat(AgentState.fromWire("rolled-back")).isEqualTo(AgentState.ROLLED_BACK);
  }

  @Test
  void shouldPersistTheTransactionAcrossRestarts(@TempDir Path dir) {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    StateStore first = new StateStore(dir, clock);
    first.save(
        Transaction.idle(NOW)
            .start(AgentState.CHECKING, "1.0.0", null, NOW)
            .moveTo(AgentState.DOWNLOADING, NOW, null));
    StateStore second = new StateStore(dir, clock);
    assertThat(second.transaction().state()).isEqualTo(AgentState.DOWNLOADING);
    assertThat(second.transaction().fromVersion()).isEqualTo("1.0.0");
  }

  @Test
  void shouldKeepOneClientIdAndNeverLowerTheHighestSeenVersion(@TempDir Path dir) {
    StateStore store = new StateStore(dir, Clock.fixed(NOW, ZoneOffset.UTC));
    String id = store.facts().clientId();
    store.sawVersion(Version.parse("2.5.0"));
    store.sawVersion(Version.parse("2.4.0"));
    StateStore again = new StateStore(dir, Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(again.facts().clientId()).isEqualTo(id);
    assertThat(again.highestSeen()).contains(Version.parse("2.5.0"));
  }

  @Test
  void shouldRememberOnlyTheLatestHealthVerdictOfAVersionAcrossRestarts(@TempDir Path dir) {
    StateStore store = new StateStore(dir, Clock.fixed(NOW, ZoneOffset.UTC));
    store.markGood("2.0.0");
    store.markFailed("3.0.0");
    store.markFailed("2.0.0");
    store.markGood("3.0.0");

    StateStore again = new StateStore(dir, Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(again.goodVersions()).containsExactly("3.0.0");
    assertThat(again.facts().failedVersions()).containsExactly("2.0.0");
  }

  @Test
  void shouldAdoptKeptVersionsAsGoodOnlyWhileNoneAreRecorded(@TempDir Path dir) {
    StateStore store = new StateStore(dir, Clock.fixed(NOW, ZoneOffset.UTC));
    store.markFailed("3.0.0");
    store.adoptGoodVersions(List.of("3.0.0", "2.0.0", "1.0.0"));
    store.adoptGoodVersions(List.of("9.0.0"));

    assertThat(store.goodVersions()).containsExactly("2.0.0", "1.0.0");
  }
}
