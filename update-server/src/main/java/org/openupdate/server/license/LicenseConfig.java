package org.openupdate.server.license;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "openupdate.licenses")
public interface LicenseConfig {

  /**
   * Whether every check must carry a valid X-License-Key. Off by default: an open, self-hosted
   * platform should serve updates out of the box; vendors who sell entitlements turn it on.
   */
  @WithDefault("false")
  boolean required();
}
