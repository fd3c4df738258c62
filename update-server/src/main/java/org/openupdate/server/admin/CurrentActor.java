package org.openupdate.server.admin;

import io.quarkus.arc.Arc;
import jakarta.enterprise.context.RequestScoped;

/** The authenticated token of the current admin request; its name is what the audit log records. */
@RequestScoped
public class CurrentActor {

  /** Actor recorded for changes the server makes on its own (startup, schedulers). */
  public static final String SYSTEM = "system";

  private String name = SYSTEM;
  private Role role = Role.VIEWER;

  /** Called by the authentication filters: the API's bearer token and the console's session. */
  public void authenticate(String tokenName, Role tokenRole) {
    this.name = tokenName;
    this.role = tokenRole;
  }

  public String name() {
    return name;
  }

  public Role role() {
    return role;
  }

  /** The actor name, or {@link #SYSTEM} outside a request (e.g. in a scheduled job). */
  public static String currentName() {
    if (!Arc.container().requestContext().isActive()) {
      return SYSTEM;
    }
    return Arc.container().instance(CurrentActor.class).get().name();
  }
}
