package org.openupdate.server.console.release;

import io.quarkus.qute.TemplateInstance;
import java.util.List;
import org.openupdate.server.console.FormErrors;
import org.openupdate.server.console.Frame;

/** Asks before a release is pulled: from which channel (or all), and why. */
public record PullPage(
    Frame frame, String product, String version, List<String> live, FormErrors errors)
    implements TemplateInstance {}
