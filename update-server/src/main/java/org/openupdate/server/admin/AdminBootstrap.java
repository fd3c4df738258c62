package org.openupdate.server.admin;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * On a first start (no token in the database) creates one admin token so the API can be reached at
 * all: the configured {@code OPENUPDATE_ADMIN_TOKEN}, or a generated one printed once to the log.
 */
@ApplicationScoped
class AdminBootstrap {

  private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);
  static final String INITIAL_TOKEN_NAME = "initial-admin";
  private static final int MIN_TOKEN_LENGTH = 16;

  @Inject TokenService tokens;
  @Inject AdminConfig config;

  void onStart(@Observes StartupEvent event) {
    if (config.token().isPresent()) {
      String configured = config.token().get();
      if (configured.length() < MIN_TOKEN_LENGTH) {
        throw new IllegalStateException(
            "OPENUPDATE_ADMIN_TOKEN must be at least " + MIN_TOKEN_LENGTH + " characters long");
      }
      if (tokens.createInitialAdmin(INITIAL_TOKEN_NAME, configured)) {
        LOG.infof("Created admin token '%s' from OPENUPDATE_ADMIN_TOKEN", INITIAL_TOKEN_NAME);
      }
      return;
    }
    String generated = TokenHash.newToken();
    if (tokens.createInitialAdmin(INITIAL_TOKEN_NAME, generated)) {
      // Printed exactly once: only its hash is stored, so it cannot be shown again.
      LOG.warnf(
          "Created admin token '%s'; it is shown only now, store it safely: %s",
          INITIAL_TOKEN_NAME, generated);
    }
  }
}
