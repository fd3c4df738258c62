package org.openupdate.server.console;

/**
 * What the layout around every page shows: who is signed in, the navigation for their role, the
 * CSRF token its forms carry, the result of the last action, and which server this is.
 *
 * @param nav the navigation entry the page belongs to
 * @param user the signed-in token's name, null on the sign-in page
 * @param canPublish the role may publish and steer rollouts (publisher or admin)
 * @param canAdmin the role may manage tokens, licenses and policies (admin)
 */
public record Frame(
    String nav,
    String user,
    String role,
    String csrf,
    boolean canPublish,
    boolean canAdmin,
    String flash,
    String serverVersion) {

  public boolean signedIn() {
    return user != null;
  }

  /** htmx sends these headers with each of its requests: the CSRF token, as forms do. */
  public String htmxHeaders() {
    return "{\"" + ConsoleAuthFilter.CSRF_HEADER + "\": \"" + csrf + "\"}";
  }
}
