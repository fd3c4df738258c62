package org.openupdate.server.console;

import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The console's cookies: all HttpOnly (no script reads them), SameSite=Strict (no other site's page
 * sends them), Secure when the console is served over HTTPS, and each with an expiry.
 */
public final class Cookies {

  /** The session id. */
  static final String SESSION = "ou_session";

  /** The sign-in form's CSRF token, before any session exists. */
  static final String SIGN_IN = "ou_sign_in";

  /** The result of an action, shown on the page it redirects to. */
  static final String FLASH = "ou_flash";

  private static final Duration SIGN_IN_FORM_LIFETIME = Duration.ofHours(1);
  private static final Duration FLASH_LIFETIME = Duration.ofMinutes(1);

  private Cookies() {}

  static NewCookie session(String id, Duration lifetime, UriInfo uri) {
    return cookie(SESSION, id, lifetime, uri);
  }

  static NewCookie signInForm(String token, UriInfo uri) {
    return cookie(SIGN_IN, token, SIGN_IN_FORM_LIFETIME, uri);
  }

  static NewCookie flash(String message, UriInfo uri) {
    return cookie(FLASH, URLEncoder.encode(message, StandardCharsets.UTF_8), FLASH_LIFETIME, uri);
  }

  static String flashMessage(String cookieValue) {
    return URLDecoder.decode(cookieValue, StandardCharsets.UTF_8);
  }

  /** Tells the browser to forget a cookie. */
  static NewCookie expired(String name, UriInfo uri) {
    return cookie(name, "", Duration.ZERO, uri);
  }

  private static NewCookie cookie(String name, String value, Duration lifetime, UriInfo uri) {
    return new NewCookie.Builder(name)
        .value(value)
        .path("/")
        .httpOnly(true)
        .secure("https".equalsIgnoreCase(uri.getRequestUri().getScheme()))
        .sameSite(NewCookie.SameSite.STRICT)
        .maxAge((int) lifetime.toSeconds())
        .build();
  }
}
