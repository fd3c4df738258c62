package org.openupdate.server.console.release;

import io.quarkus.qute.TemplateInstance;
import java.util.List;
import org.openupdate.server.console.FormErrors;
import org.openupdate.server.console.Frame;

/**
 * Puts a release on a channel with a rollout plan: publishing a draft, or promoting a published
 * release to another channel.
 *
 * @param verb {@code publish} or {@code promote}
 */
public record ChannelPlanPage(
    Frame frame,
    String product,
    String version,
    String verb,
    List<String> channels,
    String channel,
    PlanForm plan,
    FormErrors errors)
    implements TemplateInstance {}
