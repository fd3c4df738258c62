package org.openupdate.manifest.trust;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A channel's head as the server saw it, signed with the root's online timestamp key. An agent that
 * cannot get a fresh one (missing, stale, not signed by the timestamp key) once the last one it
 * verified has expired suspects a freeze: someone serves it an old view of the channel.
 *
 * @param sequence the channel's manifest sequence: the highest it has signed so far, 0 for none
 * @param version the channel's newest release, absent while it has none
 * @param manifestSha256 SHA-256 of that release's manifest on the channel, absent with it
 * @param issued when the server signed this timestamp
 * @param expires when an agent stops believing it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Timestamp(
    String product,
    String channel,
    long sequence,
    String version,
    String manifestSha256,
    Instant issued,
    Instant expires) {}
