package org.openupdate.client.internal.state;

import java.time.Instant;

/**
 * When the daemon checks next, written by its loop so that {@code status} (another process) can say
 * it; {@code backingOff} names the outcome it backs off from ({@code misconfigured}, {@code
 * unreachable}), null on the normal interval.
 */
public record NextCheck(Instant at, String backingOff) {}
