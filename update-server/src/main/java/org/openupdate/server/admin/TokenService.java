package org.openupdate.server.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;

@ApplicationScoped
public class TokenService {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");

  /**
   * How stale a token's {@code lastUsedAt} may be. Admins read it to find tokens nobody uses any
   * more, for which a minute is precise; writing it on every request would turn each admin call,
   * reads included, into a row update (a lock and a log write), for CI jobs that poll in a loop.
   */
  private static final Duration LAST_USE_PRECISION = Duration.ofMinutes(1);

  /** A token as admins see it: never the secret. */
  public record TokenView(
      String name,
      String role,
      Instant createdAt,
      String createdBy,
      Instant expiresAt,
      Instant lastUsedAt,
      Instant revokedAt) {}

  /** The answer to creating a token: the only time its secret is shown. */
  public record CreatedToken(String name, String role, Instant expiresAt, String token) {}

  public record Authenticated(String name, Role role) {}

  @Inject Clock clock;
  @Inject AuditLog audit;

  /**
   * The token's name and role, or empty when it is unknown or revoked.
   *
   * @throws ProblemException 401 naming the instant when the token expired
   */
  @Transactional
  public Optional<Authenticated> authenticate(String token) {
    Optional<ApiToken> found =
        ApiToken.byHash(TokenHash.sha256(token)).filter(t -> t.revokedAt == null);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ApiToken t = found.get();
    Instant now = clock.instant();
    if (t.expiresAt != null && !now.isBefore(t.expiresAt)) {
      throw new ProblemException(
          ProblemType.UNAUTHORIZED, "token '" + t.name + "' expired at " + t.expiresAt);
    }
    if (t.lastUsedAt == null || !now.isBefore(t.lastUsedAt.plus(LAST_USE_PRECISION))) {
      // One column, not the loaded row: writing the whole entity back could undo a revocation
      // committed since it was read.
      ApiToken.update("lastUsedAt = ?1 where id = ?2", now, t.id);
    }
    return Optional.of(new Authenticated(t.name, t.role));
  }

  /**
   * The name and current role of a token that may still be used (not revoked, not expired), for a
   * console session made with it: revoking or expiring the token ends the session too.
   */
  @Transactional
  public Optional<Authenticated> usable(String name) {
    Instant now = clock.instant();
    return ApiToken.byName(name)
        .filter(t -> t.revokedAt == null)
        .filter(t -> t.expiresAt == null || now.isBefore(t.expiresAt))
        .map(t -> new Authenticated(t.name, t.role));
  }

  @Transactional
  public List<TokenView> list() {
    return ApiToken.<ApiToken>listAll().stream()
        .sorted(Comparator.comparing((ApiToken t) -> t.name))
        .map(TokenService::view)
        .toList();
  }

  /**
   * @param expiresAt null for a token that does not expire
   */
  @Transactional
  public CreatedToken create(String name, String roleName, Instant expiresAt) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw ProblemException.invalidField(
          "name", "must be 1-100 letters, digits, '.', '_', '@' or '-', was " + quoted(name));
    }
    Role role =
        Role.parse(roleName)
            .orElseThrow(
                () ->
                    ProblemException.invalidField(
                        "role", "must be admin, publisher or viewer, was " + quoted(roleName)));
    Instant now = clock.instant();
    if (expiresAt != null && !expiresAt.isAfter(now)) {
      throw ProblemException.invalidField(
          "expiresAt", "must be in the future, was " + expiresAt + " (now " + now + ")");
    }
    if (ApiToken.byName(name).isPresent()) {
      throw new ProblemException(
          ProblemType.CONFLICT, "a token named '" + name + "' already exists");
    }
    String secret = TokenHash.newToken();
    ApiToken token = store(name, role, secret, CurrentActor.currentName(), expiresAt);
    audit.record("token.create", "token:" + name, null, view(token));
    return new CreatedToken(name, role.wireName(), expiresAt, secret);
  }

  @Transactional
  public TokenView revoke(String name) {
    ApiToken token =
        ApiToken.byName(name)
            .orElseThrow(
                () -> new ProblemException(ProblemType.NOT_FOUND, "no token named '" + name + "'"));
    if (token.revokedAt != null) {
      return view(token);
    }
    TokenView before = view(token);
    token.revokedAt = clock.instant();
    TokenView after = view(token);
    audit.record("token.revoke", "token:" + name, before, after);
    return after;
  }

  /** Creates the first admin token unless any token exists; true if it did. */
  @Transactional
  boolean createInitialAdmin(String name, String secret) {
    if (ApiToken.count() > 0) {
      return false;
    }
    ApiToken token = store(name, Role.ADMIN, secret, CurrentActor.SYSTEM, null);
    audit.record(CurrentActor.SYSTEM, "token.create", "token:" + name, null, view(token));
    return true;
  }

  private ApiToken store(
      String name, Role role, String secret, String createdBy, Instant expiresAt) {
    ApiToken token = new ApiToken();
    token.name = name;
    token.role = role;
    token.tokenSha256 = TokenHash.sha256(secret);
    token.createdAt = clock.instant();
    token.createdBy = createdBy;
    token.expiresAt = expiresAt;
    token.persist();
    return token;
  }

  private static TokenView view(ApiToken t) {
    return new TokenView(
        t.name,
        t.role.wireName(),
        t.createdAt,
        t.createdBy,
        t.expiresAt,
        t.lastUsedAt,
        t.revokedAt);
  }

  private static String quoted(String value) {
    return value == null ? "missing" : "'" + value + "'";
  }
}
