package org.openupdate.server.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.openupdate.server.admin.AuditLog;
import org.openupdate.server.admin.Role;
import org.openupdate.server.admin.TokenService;

/**
 * Console sign-ins. A session stands for the API token it was made with: each request reads the
 * token again, so revoking or expiring the token, or changing nothing but its role, takes effect at
 * once in the browser too.
 */
@ApplicationScoped
public class ConsoleSessions {

  /** A new session: the cookie value, shown to the browser only. */
  public record Started(String id, Instant expiresAt) {}

  /** Who is signed in, with the role their token has now and the session's CSRF token. */
  public record SignedIn(String tokenName, Role role, String csrfToken) {}

  @Inject TokenService tokens;
  @Inject AuditLog audit;
  @Inject ConsoleConfig config;
  @Inject Clock clock;

  /**
   * Signs in with an API token's secret; empty when the token is unknown or revoked.
   *
   * @throws org.openupdate.server.problem.ProblemException 401 for an expired token
   */
  @Transactional
  public Optional<Started> signIn(String secret) {
    if (secret == null || secret.isBlank()) {
      return Optional.empty();
    }
    return tokens.authenticate(secret.strip()).map(this::start);
  }

  private Started start(TokenService.Authenticated token) {
    Instant now = clock.instant();
    // Sessions that ran out are removed here rather than by a timer: sign-ins are rare.
    ConsoleSession.delete("expiresAt <= ?1", now);
    String id = Secrets.random();
    ConsoleSession session = new ConsoleSession();
    session.idSha256 = Secrets.sha256(id);
    session.tokenName = token.name();
    session.csrfToken = Secrets.random();
    session.createdAt = now;
    session.expiresAt = now.plus(config.sessionTimeout());
    session.persist();
    audit.record(token.name(), "console.sign-in", "token:" + token.name(), null, null);
    return new Started(id, session.expiresAt);
  }

  /** The signed-in token of a session that has not expired and whose token may still be used. */
  @Transactional
  public Optional<SignedIn> find(String id) {
    if (id == null || id.isBlank()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    return ConsoleSession.<ConsoleSession>findByIdOptional(Secrets.sha256(id))
        .filter(s -> now.isBefore(s.expiresAt))
        .flatMap(
            s ->
                tokens.usable(s.tokenName).map(t -> new SignedIn(t.name(), t.role(), s.csrfToken)));
  }

  @Transactional
  public void signOut(String id) {
    ConsoleSession.<ConsoleSession>findByIdOptional(Secrets.sha256(id))
        .ifPresent(
            s -> {
              audit.record(s.tokenName, "console.sign-out", "token:" + s.tokenName, null, null);
              s.delete();
            });
  }
}
