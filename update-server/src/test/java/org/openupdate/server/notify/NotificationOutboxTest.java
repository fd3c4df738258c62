package org.openupdate.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.server.notify.NotificationTargetsTest.deliverAll;
import static org.openupdate.server.notify.NotificationTargetsTest.mailsTo;
import static org.openupdate.server.notify.NotificationTargetsTest.subscribe;
import static org.openupdate.server.notify.NotificationTargetsTest.unsubscribe;
import static org.openupdate.server.support.Admin.asAdmin;
import static org.openupdate.server.support.ReleaseFixture.aRelease;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openupdate.server.checksupport.WebhookReceiver;
import org.openupdate.server.support.MovableClock;
import org.openupdate.server.support.ReleaseFixture;

/**
 * The outbox's promises: written with its cause or not at all, delivered at least once across an
 * instance that stops mid-delivery, once at a time across instances, backing off from a dead target
 * without holding anything else up. Instances are played by owner names on the one database (H2
 * here, PostgreSQL with -Ppostgresql), as two servers share one.
 */
@QuarkusTest
@TestProfile(NotifyByHand.class)
class NotificationOutboxTest {

  @Inject DeliveryWorker worker;
  @Inject Outbox outbox;
  @Inject MovableClock clock;
  @Inject EntityManager entityManager;

  /**
   * Deliveries other test classes left pending (subscriptions of every product whose receivers are
   * gone) would come first in the claims this class makes by hand: set aside, as dead.
   */
  @BeforeEach
  void setAsideDeliveriesLeftByOtherTests() {
    setAsideDeliveriesNotOf(-1);
  }

  /** Other subscriptions of every product get deliveries of this test's events too. */
  private void setAsideDeliveriesNotOf(long subscription) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                entityManager
                    .createNativeQuery(
                        "update notify_deliveries set state = 'dead' where state = 'pending'"
                            + " and subscription_id <> ?1")
                    .setParameter(1, subscription)
                    .executeUpdate());
  }

  /** The deliveries of one subscription, newest first, as the admin API shows them. */
  private static List<Map<String, Object>> deliveriesOf(long subscription) {
    JsonPath page =
        asAdmin()
            .get("/api/v1/admin/notifications/deliveries?limit=500")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    List<Map<String, Object>> all = page.getList("deliveries");
    return all.stream()
        .filter(d -> ((Number) d.get("subscriptionId")).longValue() == subscription)
        .toList();
  }

  @Test
  void shouldLoseNothingWhenAnInstanceStopsMidDelivery() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      ReleaseFixture release = aRelease();
      long subscription =
          subscribe("webhook", receiver.url(), "restart-secret-0123456789", release.product);
      release.published();
      asAdmin()
          .contentType("application/json")
          .body(Map.of("channel", "stable", "reason", "bad build"))
          .post(release.path() + "/pull")
          .then()
          .statusCode(200);

      // Instance A claims both, sends the first and stops before recording it: the state a crash
      // (or kill -9) in the middle of a delivery leaves in the database.
      List<DeliveryWorker.Claimed> claimed =
          worker.claim("instance-a").stream()
              .filter(c -> c.subscriber() != null && c.subscriber().id() == subscription)
              .toList();
      assertThat(claimed).hasSize(2);
      assertThat(worker.send(claimed.get(0)).error()).isNull();
      assertThat(receiver.all()).hasSize(1);

      // The next instance (the restarted server) leaves A's lease alone while it holds...
      worker.runOnce("instance-b");
      assertThat(receiver.all()).hasSize(1);
      assertThat(deliveriesOf(subscription))
          .extracting(d -> d.get("state"))
          .containsOnly("pending");

      // ...and delivers both once it runs out: nothing lost, the first one twice.
      clock.advance(Duration.ofMinutes(1).plusSeconds(1));
      deliverAll(worker, "instance-b");
      assertThat(deliveriesOf(subscription))
          .extracting(d -> d.get("state"))
          .containsOnly("delivered");
      List<WebhookReceiver.Delivery> received = receiver.all();
      assertThat(received).hasSize(3);
      assertThat(received.stream().map(WebhookReceiver.Delivery::eventId).distinct())
          .as("a receiver that drops repeated event ids sees each event once")
          .hasSize(2);
      assertThat(received.get(0).eventId()).isEqualTo(claimed.get(0).eventId());
      assertThat(received).anyMatch(d -> d.text().contains("\"release.pulled\""));
      unsubscribe(subscription);
    }
  }

  @Test
  void shouldDeliverEachEventOnceWithTwoInstances() throws Exception {
    Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    try (SlowReceiver receiver =
        new SlowReceiver(
            id -> {
              if (inFlight.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
              }
              received.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
              inFlight.decrementAndGet();
            })) {
      ReleaseFixture release = aRelease();
      long subscription =
          subscribe("webhook", receiver.url(), "two-instances-0123456789", release.product);
      int events = 60;
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < events; i++) {
        String version = "9.0." + i;
        ids.add(
            QuarkusTransaction.requiringNew()
                .call(
                    () ->
                        outbox
                            .record(
                                release.product,
                                new EventData.Pulled(version, "stable", "load test", null))
                            .id()));
      }

      ExecutorService instances = Executors.newFixedThreadPool(2);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> claimed = new ArrayList<>();
      for (String owner : List.of("instance-a", "instance-b")) {
        claimed.add(
            instances.submit(
                () -> {
                  start.await();
                  int total = 0;
                  for (int round = 0; round < 100; round++) {
                    int n = worker.runOnce(owner);
                    total += n;
                    if (n == 0 && pending(subscription) == 0) {
                      break;
                    }
                  }
                  return total;
                }));
      }
      start.countDown();
      instances.shutdown();
      assertThat(instances.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
      for (Future<Integer> f : claimed) {
        f.get();
      }

      assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(received.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
      assertThat(deliveriesOf(subscription))
          .hasSize(events)
          .allSatisfy(d -> assertThat(d.get("attempts")).isEqualTo(1));
      unsubscribe(subscription);
    }
  }

  private long pending(long subscription) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ((Number)
                        entityManager
                            .createNativeQuery(
                                "select count(*) from notify_deliveries where subscription_id = ?1"
                                    + " and state = 'pending'")
                            .setParameter(1, subscription)
                            .getSingleResult())
                    .longValue());
  }

  @Test
  void shouldBackOffFromADeadSmtpServerWithoutSlowingPublishing() throws Exception {
    SmtpServer smtp = SmtpServer.current();
    ReleaseFixture release = aRelease();
    String mailbox = "backoff-" + release.product + "@example.com";
    long subscription = subscribe("email", mailbox, null, release.product);
    smtp.mode(SmtpServer.Mode.HANG);
    try {
      release.published();
      setAsideDeliveriesNotOf(subscription);
      int hanging = smtp.hangingConnections();
      ExecutorService instance = Executors.newSingleThreadExecutor();
      Future<Integer> delivering = instance.submit(() -> worker.runOnce("instance-a"));
      while (smtp.hangingConnections() == hanging && !delivering.isDone()) {
        Thread.sleep(20);
      }
      // The worker waits on the hung server (up to smtp.timeout, 10 s here); publishing does not.
      assertThat(delivering.isDone()).isFalse();
      release.version("1.0.1").createDraft().uploadAll().publish("stable");
      assertThat(delivering.isDone())
          .as("the publish returned while the email still waited for the SMTP server")
          .isFalse();
      smtp.mode(SmtpServer.Mode.REFUSE);
      smtp.dropHanging();
      delivering.get(30, TimeUnit.SECONDS);
      instance.shutdown();

      Map<String, Object> first = deliveriesOf(subscription).get(1);
      assertThat(first.get("state")).isEqualTo("pending");
      assertThat(first.get("attempts")).isEqualTo(1);
      assertThat((String) first.get("lastError")).contains("SMTP");
      Instant firstRetry = Instant.parse((String) first.get("nextAttemptAt"));

      // Not due yet: nothing is tried.
      setAsideDeliveriesNotOf(subscription);
      worker.runOnce("instance-a");
      assertThat(deliveriesOf(subscription).get(1).get("attempts")).isEqualTo(1);

      List<Duration> waits = new ArrayList<>();
      Instant due = firstRetry;
      for (int attempt = 2; attempt <= 4; attempt++) {
        Duration untilDue = Duration.between(clock.instant(), due);
        if (!untilDue.isNegative()) {
          clock.advance(untilDue.plusMillis(10));
        }
        // One batch, this subscription's alone: a second round would find the retry due again,
        // as the movable clock runs on while the SMTP server refuses.
        setAsideDeliveriesNotOf(subscription);
        worker.runOnce("instance-a");
        Instant failedAt = clock.instant();
        Map<String, Object> now = deliveriesOf(subscription).get(1);
        assertThat(now.get("attempts")).isEqualTo(attempt);
        if (attempt < 4) {
          due = Instant.parse((String) now.get("nextAttemptAt"));
          waits.add(Duration.between(failedAt, due));
        } else {
          assertThat(now.get("state")).as("dead after max-attempts (4 here)").isEqualTo("dead");
        }
      }
      assertThat(waits.get(1))
          .as("each wait doubles")
          .isGreaterThan(waits.get(0).multipliedBy(3).dividedBy(2));

      // An admin retries the dead one once the server is back: it arrives.
      smtp.mode(SmtpServer.Mode.PASS);
      long deadId = ((Number) deliveriesOf(subscription).get(1).get("id")).longValue();
      asAdmin()
          .post("/api/v1/admin/notifications/deliveries/" + deadId + "/retry")
          .then()
          .statusCode(200)
          .body("state", org.hamcrest.Matchers.equalTo("pending"));
      clock.advance(Duration.ofHours(2));
      deliverAll(worker, "instance-a");
      assertThat(mailsTo(mailbox)).isNotEmpty();
    } finally {
      smtp.mode(SmtpServer.Mode.PASS);
      unsubscribe(subscription);
    }
  }

  @Test
  void shouldRecordNoEventWhenTheChangeIsRolledBack() {
    ReleaseFixture release =
        aRelease().set("channel", "beta").createDraft().uploadAll().publish("beta");
    asAdmin()
        .contentType("application/json")
        .body(Map.of("minimumSoakMinutes", 48 * 60))
        .put("/api/v1/admin/policies/" + release.product)
        .then()
        .statusCode(200);

    release.promote("stable").statusCode(409);

    List<?> published =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    entityManager
                        .createNativeQuery(
                            "select body from notify_events where product = ?1"
                                + " and event_type = 'release.published'")
                        .setParameter(1, release.product)
                        .getResultList());
    assertThat(published).hasSize(1);
    assertThat((String) published.get(0)).contains("\"channel\":\"beta\"");
  }
}
