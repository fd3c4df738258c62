package org.openupdate.server.check;

import org.openupdate.manifest.Version;

/**
 * One poll, with headers already parsed.
 *
 * @param clientId null when the client sent none: it then only gets fully rolled-out releases
 * @param licenseKey null when the client sent none
 */
public record CheckQuery(
    String product, String channel, Version currentVersion, String clientId, String licenseKey) {}
