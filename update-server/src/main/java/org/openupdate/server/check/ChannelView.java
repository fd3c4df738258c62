package org.openupdate.server.check;

/**
 * A channel of a product and the channel it follows (its clients are also offered the followed
 * channel's releases, e.g. beta follows stable), null when it follows none.
 */
public record ChannelView(String product, String name, String follows) {}
