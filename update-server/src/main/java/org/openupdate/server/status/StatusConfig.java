package org.openupdate.server.status;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "openupdate.status")
public interface StatusConfig {

  /** Largest accepted report body; a report is a few hundred bytes, errors included a few KiB. */
  @WithDefault("65536")
  int maxBodyBytes();

  /** Most reports made durable in one transaction. */
  @WithDefault("1000")
  int maxBatch();

  /**
   * Writer threads, each committing its own batches; two overlap one batch's commit with the next.
   */
  @WithDefault("2")
  int writers();

  /** Reports waiting for the writer; beyond it callers get 503 with Retry-After. */
  @WithDefault("50000")
  int maxQueued();
}
