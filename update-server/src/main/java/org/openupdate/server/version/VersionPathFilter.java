package org.openupdate.server.version;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every {@code {version}} path parameter is a release version. A malformed one answers 400 naming
 * it, where the resources would answer 404: "no release 2.1" sends the caller looking for a release
 * that cannot exist.
 */
public class VersionPathFilter {

  /** After the admin token check (priority USER): who may not ask learns nothing from the path. */
  @ServerRequestFilter(priority = Priorities.USER + 1)
  public void requireSemanticVersion(UriInfo uri) {
    String version = uri.getPathParameters().getFirst("version");
    if (version != null) {
      Versions.require("version", version);
    }
  }
}
