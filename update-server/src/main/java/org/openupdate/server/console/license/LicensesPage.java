package org.openupdate.server.console.license;

import io.quarkus.qute.TemplateInstance;
import java.util.List;
import org.openupdate.server.console.FormErrors;
import org.openupdate.server.console.Frame;
import org.openupdate.server.license.LicenseSummary;

/**
 * Licenses (admins only, as in the API).
 *
 * @param created the license just created, with its key: shown in this answer only, or null
 */
public record LicensesPage(
    Frame frame, List<LicenseSummary> licenses, LicenseSummary created, FormErrors errors)
    implements TemplateInstance {}
