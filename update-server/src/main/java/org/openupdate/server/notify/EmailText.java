package org.openupdate.server.notify;

import io.quarkus.qute.TemplateInstance;

/** The text part of a notification email (template {@code EmailText.txt}). */
record EmailText(Notice notice) implements TemplateInstance {}
