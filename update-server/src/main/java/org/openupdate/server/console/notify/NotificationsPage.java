package org.openupdate.server.console.notify;

import io.quarkus.qute.TemplateInstance;
import java.util.List;
import org.openupdate.server.console.Frame;
import org.openupdate.server.notify.Deliveries;
import org.openupdate.server.notify.Subscriptions;

/**
 * Who is notified of what, and how the deliveries stand: counts per state, the newest deliveries
 * (optionally of one state), a retry for each dead one.
 *
 * @param state the state shown, or null for all
 */
public record NotificationsPage(
    Frame frame,
    List<Subscriptions.SubscriptionView> subscriptions,
    Deliveries.DeliveryPage deliveries,
    List<String> states,
    String state)
    implements TemplateInstance {}
