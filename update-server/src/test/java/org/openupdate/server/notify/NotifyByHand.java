package org.openupdate.server.notify;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openupdate.server.support.MovableClock;

/**
 * A server whose delivery worker does not run on its own: tests play one or more instances by
 * calling {@link DeliveryWorker#runOnce} with an owner name each, and move time to let leases and
 * backoffs run out. A real SMTP server ({@link SmtpServer}) receives its email.
 */
public class NotifyByHand implements QuarkusTestProfile {

  @Override
  public Set<Class<?>> getEnabledAlternatives() {
    return Set.of(MovableClock.class);
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "openupdate.notify.deliver", "false",
        "openupdate.notify.max-attempts", "4",
        "openupdate.notify.lease", "1m",
        "openupdate.notify.console-url", "https://updates.example.com/",
        "openupdate.notify.watch.rollbacks-threshold", "3",
        "openupdate.notify.watch.refusals-threshold", "3",
        "openupdate.notify.watch.drift-after", "1m");
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(SmtpServer.class));
  }
}
