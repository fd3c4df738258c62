package org.openupdate.server.check;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "openupdate.check")
public interface CheckConfig {

  /** Product of checks that send no X-Product header. */
  @WithDefault("default")
  String defaultProduct();
}
