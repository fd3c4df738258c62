package org.openupdate.server.check;

import org.openupdate.manifest.Version;

/**
 * A pulled release's way back on one channel: clients still running {@code pulled} are offered
 * {@code target}, whose answer points at the recall manifest.
 */
public record RecallOffer(Version pulled, ReleaseOffer target) {}
