package org.openupdate.server.console;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;

/**
 * After an action, the browser is sent to the page that shows its effect (POST, then redirect, then
 * GET: reloading that page repeats nothing), with the result as a message shown there once.
 */
public final class Redirects {

  private Redirects() {}

  public static Response to(String path, String result, UriInfo uri) {
    return Response.seeOther(URI.create(path)).cookie(Cookies.flash(result, uri)).build();
  }
}
