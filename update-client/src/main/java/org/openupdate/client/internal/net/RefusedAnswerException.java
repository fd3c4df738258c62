package org.openupdate.client.internal.net;

import java.io.IOException;

/**
 * An answer the agent will not use whatever it holds: a redirect to an origin that is neither the
 * server nor a mirror, a body above its size limit, a TLS server key that is not pinned. Not a
 * network failure, so not retried as one: the caller refuses what it was fetching.
 */
public final class RefusedAnswerException extends IOException {
  RefusedAnswerException(String message) {
    super(message);
  }
}
