package org.openupdate.server.problem;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A path or query parameter that decodes to a string holding a NUL ({@code %00}) is refused with
 * 400 naming it, as NUL in a JSON string is ({@link NulCharacters}): PostgreSQL refuses it even in
 * a query's parameter, which was a 500.
 */
public class NulParameters {

  /** After the admin token check (priority USER): who may not ask learns nothing from the path. */
  @ServerRequestFilter(priority = Priorities.USER + 1)
  public void refuseNul(UriInfo uri) {
    refuseIn(uri.getPathParameters());
    refuseIn(uri.getQueryParameters());
  }

  private static void refuseIn(MultivaluedMap<String, String> parameters) {
    for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
      if (parameter.getValue().stream().anyMatch(NulCharacters::refused)) {
        throw ProblemException.invalidField(parameter.getKey(), NulCharacters.MESSAGE);
      }
    }
  }
}
