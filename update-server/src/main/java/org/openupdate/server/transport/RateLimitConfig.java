package org.openupdate.server.transport;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Token buckets on the check and the status report, kept in memory by each instance: with N
 * instances behind a load balancer a client gets up to N times the rate.
 */
@ConfigMapping(prefix = "openupdate.rate-limit")
public interface RateLimitConfig {

  /** Off for the embedded default: one fleet, one server, nothing to share. */
  @WithDefault("false")
  boolean enabled();

  /** Per client id (the certificate's with client certificates, else {@code X-Client-Id}). */
  Bucket perClient();

  /** Per remote address (many agents behind one NAT share it, hence the larger default). */
  Bucket perAddress();

  /** Largest number of clients and addresses tracked at once; idle ones are forgotten first. */
  @WithDefault("100000")
  int maxTracked();

  interface Bucket {
    /** Requests a minute, on average. */
    @WithDefault("60")
    int requestsPerMinute();

    /** Requests allowed at once after a quiet time. */
    @WithDefault("20")
    int burst();
  }
}
