package org.openupdate.server.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.openupdate.server.admin.Role;

/** Builds the layout's {@link Frame} for the current request's user. */
@ApplicationScoped
public class Frames {

  @Inject ConsoleUser user;

  @ConfigProperty(name = "quarkus.application.version")
  String version;

  public Frame frame(String nav) {
    String flash = user.flash().orElse(null);
    return user.signedIn()
        .map(
            s ->
                new Frame(
                    nav,
                    s.tokenName(),
                    s.role().wireName(),
                    s.csrfToken(),
                    s.role().includes(Role.PUBLISHER),
                    s.role().includes(Role.ADMIN),
                    flash,
                    version))
        .orElseGet(() -> new Frame(nav, null, null, null, false, false, flash, version));
  }

  /** The frame of a page before sign-in, whose one form carries the sign-in CSRF token. */
  Frame signInFrame(String signInCsrf) {
    return new Frame(
        "sign-in", null, null, signInCsrf, false, false, user.flash().orElse(null), version);
  }
}
