package org.openupdate.server.check;

/**
 * A release on a channel, offered or pulled: what clients may report on, and therefore what the
 * metrics keep series for.
 */
public record Placement(String product, String channel, String version) {}
