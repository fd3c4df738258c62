package org.openupdate.server.check;

/**
 * CDI event: something the check snapshot depends on changed in the current transaction. Fire it
 * (or call {@link SnapshotChanges#bump()}) inside the transaction; this instance rebuilds after
 * commit and the others see the bumped counter within their refresh interval.
 */
public record SnapshotInvalidated(String why) {}
