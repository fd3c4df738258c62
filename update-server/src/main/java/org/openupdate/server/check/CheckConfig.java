package org.openupdate.server.check;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "openupdate.check")
public interface CheckConfig {

  /** Product of checks that send no X-Product header. */
  @WithDefault("default")
  String defaultProduct();

  /**
   * How long a change's API call (publish, pull, rollout, license) waits for this instance's
   * snapshot to include it, so the caller's next check sees it; a slower reload finishes after the
   * call returns.
   */
  @WithDefault("2s")
  Duration rebuildWait();
}
