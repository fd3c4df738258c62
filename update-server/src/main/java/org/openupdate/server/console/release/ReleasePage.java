package org.openupdate.server.console.release;

import io.quarkus.qute.TemplateInstance;
import java.util.List;
import org.openupdate.manifest.Changelog;
import org.openupdate.server.console.Frame;
import org.openupdate.server.delta.Bandwidth;
import org.openupdate.server.fleet.FleetViews.ReleaseFailures;
import org.openupdate.server.release.ReleaseViews.ReleaseDetail;
import org.openupdate.server.rollout.RolloutStatus;
import org.openupdate.server.status.StatusSummary;

/**
 * One release: changelog, artifacts, signatures, each channel's rollout with its counts and
 * controls, what its clients reported, and its history.
 *
 * @param promotable channels it is not on yet, where it may be promoted (or, a draft, published)
 * @param live channels it is live on, from which it may be pulled
 * @param failures why its clients failed or rolled back, grouped by reason
 * @param bandwidth bytes its updates fetched and saved through deltas, per channel
 */
public record ReleasePage(
    Frame frame,
    ReleaseDetail release,
    Changelog changelog,
    List<RolloutStatus> rollouts,
    StatusSummary status,
    List<String> promotable,
    List<String> live,
    ReleaseFailures failures,
    Bandwidth bandwidth)
    implements TemplateInstance {}
