package org.openupdate.server.notify;

import io.quarkus.qute.TemplateInstance;

/** The HTML part of a notification email (template {@code EmailHtml.html}, escaped by Qute). */
record EmailHtml(Notice notice) implements TemplateInstance {}
