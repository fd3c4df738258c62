package org.openupdate.server.console.release;

import io.quarkus.qute.TemplateInstance;
import java.util.List;
import org.openupdate.server.console.FormErrors;
import org.openupdate.server.console.Frame;

/**
 * Asks before a release is pulled: from which channel (or all), why, and whether its clients are
 * recalled to an older release.
 *
 * @param recallTargets older published releases its clients may be recalled to, newest first
 */
public record PullPage(
    Frame frame,
    String product,
    String version,
    List<String> live,
    List<String> recallTargets,
    FormErrors errors)
    implements TemplateInstance {}
