package org.openupdate.server.console;

import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;
import org.openupdate.server.admin.Role;

/** Who the current console request comes from, as the session filter found it. */
@RequestScoped
public class ConsoleUser {

  private ConsoleSessions.SignedIn signedIn;
  private String sessionId;
  private String flash;

  void signedIn(String sessionId, ConsoleSessions.SignedIn signedIn) {
    this.sessionId = sessionId;
    this.signedIn = signedIn;
  }

  void flash(String message) {
    this.flash = message;
  }

  public Optional<ConsoleSessions.SignedIn> signedIn() {
    return Optional.ofNullable(signedIn);
  }

  Optional<String> sessionId() {
    return Optional.ofNullable(sessionId);
  }

  /** The result of the action that redirected here, shown once. */
  public Optional<String> flash() {
    return Optional.ofNullable(flash);
  }

  /** Whether the signed-in token's role includes {@code role}: what controls a page shows. */
  public boolean may(Role role) {
    return signedIn != null && signedIn.role().includes(role);
  }
}
