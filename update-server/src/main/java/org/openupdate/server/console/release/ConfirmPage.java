package org.openupdate.server.console.release;

import io.quarkus.qute.TemplateInstance;
import org.openupdate.server.console.FormErrors;
import org.openupdate.server.console.Frame;

/**
 * Asks before an action changes anything (works without JavaScript): what will happen, an optional
 * reason for the audit log, and the button that does it.
 *
 * @param action where the form posts
 * @param back the page to return to without doing anything
 */
public record ConfirmPage(
    Frame frame,
    String title,
    String question,
    String action,
    String button,
    boolean danger,
    boolean asksReason,
    String back,
    FormErrors errors)
    implements TemplateInstance {}
