package org.openupdate.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openupdate.server.fleet.SightingBuffer.Batch;
import org.openupdate.server.fleet.SightingBuffer.Outcome;

class SightingBufferTest {

  private static final long T = 1_790_000_000_000L;

  private static SightingBuffer buffer(int maxPending, int flushSize) {
    return new SightingBuffer(maxPending, flushSize, 1_000, 1_000, 60);
  }

  private static Outcome offer(SightingBuffer buffer, String client, String version, long at) {
    return buffer.offer(client, "app", "stable", version, "container", "0.1.0", at);
  }

  @Test
  void shouldShedAndCountSightingsBeyondMaxPending() {
    SightingBuffer buffer = buffer(3, 100);
    for (int i = 0; i < 3; i++) {
      assertThat(offer(buffer, "c" + i, "1.0.0", T)).isEqualTo(Outcome.QUEUED);
    }

    assertThat(offer(buffer, "c3", "1.0.0", T)).isEqualTo(Outcome.SHED);
    assertThat(offer(buffer, "c4", "1.0.0", T)).isEqualTo(Outcome.SHED);
    // A client already pending is never shed: its newer sighting replaces the older.
    assertThat(offer(buffer, "c0", "1.1.0", T)).isEqualTo(Outcome.QUEUED);

    assertThat(buffer.shed()).isEqualTo(2);
    assertThat(buffer.drain().size()).isEqualTo(3);
    assertThat(offer(buffer, "c3", "1.0.0", T)).isEqualTo(Outcome.QUEUED);
  }

  @Test
  void shouldAskForAFlushWhenTheFlushSizeIsReached() {
    SightingBuffer buffer = buffer(100, 2);

    assertThat(offer(buffer, "a", "1.0.0", T)).isEqualTo(Outcome.QUEUED);
    assertThat(offer(buffer, "b", "1.0.0", T)).isEqualTo(Outcome.FLUSH_DUE);
  }

  @Test
  void shouldKeepTheNewestSightingOfEachClient() {
    SightingBuffer buffer = buffer(100, 100);
    offer(buffer, "a", "1.0.0", T);
    offer(buffer, "a", "1.1.0", T + 1_000);

    Batch batch = buffer.drain();

    assertThat(batch.size()).isEqualTo(1);
    assertThat(batch.clientIds()[0]).isEqualTo("a");
    assertThat(batch.profiles()[0].version).isEqualTo("1.1.0");
    assertThat(batch.atMillis()[0]).isEqualTo(T + 1_000);
  }

  @Test
  void shouldWriteAKnownClientOnlyWhenItChangesOrItsLastSeenIsAMinuteOld() {
    SightingBuffer buffer = buffer(100, 100);
    offer(buffer, "a", "1.0.0", T);
    Batch batch = buffer.drain();
    buffer.written(batch, 0, batch.size());

    assertThat(offer(buffer, "a", "1.0.0", T + 59_000)).isEqualTo(Outcome.KNOWN);
    assertThat(buffer.pending()).isZero();
    assertThat(offer(buffer, "a", "1.0.0", T + 60_000)).isEqualTo(Outcome.QUEUED);
    buffer.drain();
    assertThat(offer(buffer, "a", "1.1.0", T + 1_000)).isEqualTo(Outcome.QUEUED);
    // The same client id of another product is another client.
    assertThat(buffer.offer("a", "other", "stable", "1.0.0", "container", "0.1.0", T))
        .isEqualTo(Outcome.QUEUED);
  }

  @Test
  void shouldRequeueUnwrittenClientsUnlessANewerSightingIsPending() {
    SightingBuffer buffer = buffer(100, 100);
    offer(buffer, "a", "1.0.0", T);
    offer(buffer, "b", "1.0.0", T);
    Batch failed = buffer.drain();
    offer(buffer, "b", "2.0.0", T + 1_000);

    buffer.requeue(failed, 0, failed.size());

    Batch next = buffer.drain();
    assertThat(next.size()).isEqualTo(2);
    for (int i = 0; i < next.size(); i++) {
      String expected = next.clientIds()[i].equals("a") ? "1.0.0" : "2.0.0";
      assertThat(next.profiles()[i].version).isEqualTo(expected);
    }
    assertThat(buffer.shed()).isZero();
  }

  @Test
  void shouldCountRequeuedClientsThatNoLongerFitAsShed() {
    SightingBuffer buffer = buffer(2, 100);
    offer(buffer, "a", "1.0.0", T);
    offer(buffer, "b", "1.0.0", T);
    Batch failed = buffer.drain();
    offer(buffer, "c", "1.0.0", T);
    offer(buffer, "d", "1.0.0", T);

    buffer.requeue(failed, 0, failed.size());

    assertThat(buffer.shed()).isEqualTo(2);
    assertThat(buffer.pending()).isEqualTo(2);
  }

  @Test
  void shouldForgetKnownClientsWhenTheProfilesOverflowAndStillQueueEveryone() {
    SightingBuffer buffer = new SightingBuffer(100, 100, 1_000, 2, 60);
    offer(buffer, "a", "1.0.0", T);
    Batch batch = buffer.drain();
    buffer.written(batch, 0, batch.size());
    offer(buffer, "b", "1.1.0", T);
    offer(buffer, "c", "1.2.0", T); // a third profile: the table starts over

    assertThat(buffer.known()).isZero();
    assertThat(offer(buffer, "a", "1.0.0", T + 1_000)).isEqualTo(Outcome.QUEUED);
    assertThat(buffer.drain().size()).isEqualTo(3);
  }
}
