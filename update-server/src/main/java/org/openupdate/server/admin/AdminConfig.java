package org.openupdate.server.admin;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

@ConfigMapping(prefix = "openupdate.admin")
public interface AdminConfig {

  /**
   * Initial admin token ({@code OPENUPDATE_ADMIN_TOKEN}); used only on a first start with no token
   * in the database. Without it, the server generates one and prints it once.
   */
  Optional<String> token();
}
