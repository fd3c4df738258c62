package org.openupdate.server.console.release;

import io.quarkus.qute.TemplateInstance;
import org.openupdate.server.rollout.StageStats;

/** The live part of a rollout on the release page: its current stage's counts, polled by htmx. */
public record RolloutCounts(
    String product, String version, String channel, StageStats counts, long refused)
    implements TemplateInstance {}
