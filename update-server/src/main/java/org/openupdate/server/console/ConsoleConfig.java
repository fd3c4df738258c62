package org.openupdate.server.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "openupdate.console")
public interface ConsoleConfig {

  /** How long a console sign-in lasts; the cookie expires with it. */
  @WithDefault("8h")
  Duration sessionTimeout();
}
