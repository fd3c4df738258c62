package org.openupdate.server.console.release;

import io.quarkus.qute.TemplateInstance;
import org.openupdate.server.console.FormErrors;
import org.openupdate.server.console.Frame;

/**
 * The first step of publishing from the browser: a manifest (uploaded or pasted) becomes a draft,
 * or its problems are listed field by field.
 *
 * @param manifestText what was pasted, kept so that a person can correct it
 */
public record PublishPage(Frame frame, String manifestText, FormErrors errors)
    implements TemplateInstance {}
