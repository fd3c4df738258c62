package org.openupdate.server.trust;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.openupdate.manifest.SchemaType;
import org.openupdate.manifest.SchemaValidator;
import org.openupdate.manifest.SchemaViolation;
import org.openupdate.manifest.trust.TrustException;
import org.openupdate.manifest.trust.TrustRoot;
import org.openupdate.manifest.trust.TrustRoots;
import org.openupdate.server.admin.AuditLog;
import org.openupdate.server.admin.CurrentActor;
import org.openupdate.server.problem.Problem;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;
import org.openupdate.server.trust.TrustRootStore.StoredRoot;

/**
 * Takes a new root only when agents would: version 1 signed by a threshold of its own root keys,
 * every later one by a threshold of the previous root's root keys and of its own, exactly one
 * version above, not expired. The server never holds a production root key: roots are made and
 * signed offline and uploaded.
 */
@ApplicationScoped
public class TrustRootService {
  private static final String UNIQUE_VIOLATION = "23505";

  @Inject TrustRootStore store;
  @Inject DataSource dataSource;
  @Inject AuditLog audit;
  @Inject Clock clock;

  /** A stored root as the admin API shows it. */
  public record RootView(
      int version,
      Instant expires,
      List<String> rootKeys,
      int rootThreshold,
      List<String> signingKeys,
      int signingThreshold,
      String timestampKey,
      Instant createdAt,
      String createdBy) {

    static RootView of(StoredRoot stored) {
      TrustRoot root = TrustRoots.parse(stored.document());
      return new RootView(
          root.version(),
          root.expires(),
          root.rootKeys().fingerprints(),
          root.rootKeys().threshold(),
          root.signingKeys().fingerprints(),
          root.signingKeys().threshold(),
          root.timestampKey(),
          stored.createdAt(),
          stored.createdBy());
    }
  }

  public List<RootView> list() {
    return store.all().stream().map(RootView::of).toList();
  }

  /** The newest stored root, parsed. */
  public Optional<TrustRoot> newest() {
    return store.newest().map(s -> TrustRoots.parse(s.document()));
  }

  /**
   * Verifies and stores the next root, audited as {@code trust.root.upload}.
   *
   * @throws ProblemException naming {@code /document} or {@code /signature} and why
   */
  @Transactional
  public RootView upload(byte[] document, byte[] signature) {
    List<SchemaViolation> violations =
        SchemaValidator.instance().validate(SchemaType.TRUST_ROOT, document);
    if (!violations.isEmpty()) {
      List<Problem.FieldError> errors =
          violations.stream()
              .map(v -> new Problem.FieldError("/document" + v.pointer(), v.message()))
              .toList();
      throw new ProblemException(
          ProblemType.VALIDATION_FAILED,
          "the root document does not match its schema: "
              + errors.get(0).field()
              + " "
              + errors.get(0).message(),
          errors);
    }
    store.reload();
    Optional<StoredRoot> newest = store.newest();
    TrustRoot accepted;
    try {
      accepted =
          newest.isEmpty()
              ? first(document, signature)
              : TrustRoots.next(
                  TrustRoots.parse(newest.get().document()), document, signature, clock);
    } catch (TrustException e) {
      throw refused(e.getMessage());
    }
    if (TrustRoots.isExpired(accepted, clock.instant())) {
      throw refused("root version " + accepted.version() + " expired at " + accepted.expires());
    }
    StoredRoot stored =
        new StoredRoot(
            accepted.version(),
            document,
            signature,
            accepted.expires(),
            clock.instant(),
            CurrentActor.currentName());
    insert(stored);
    RootView view = RootView.of(stored);
    audit.record("trust.root.upload", "trust-root:" + accepted.version(), null, view);
    return view;
  }

  /**
   * Stores root version 1 the embedded default made with its development root key, when no root
   * exists yet; false when another instance stored one first.
   */
  @Transactional
  boolean storeFirst(byte[] document, byte[] signature, TrustRoot root) {
    StoredRoot stored =
        new StoredRoot(1, document, signature, root.expires(), clock.instant(), "system");
    try (Connection connection = dataSource.getConnection()) {
      TrustRootStore.insert(connection, stored);
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        return false;
      }
      throw new IllegalStateException("cannot store trust root: " + e.getMessage(), e);
    }
    audit.record("system", "trust.root.development", "trust-root:1", null, RootView.of(stored));
    return true;
  }

  private TrustRoot first(byte[] document, byte[] signature) {
    TrustRoot root = TrustRoots.selfSigned(document, signature, clock);
    if (root.version() != 1) {
      throw new TrustException(
          "no root is stored yet, so the first must be version 1, was " + root.version());
    }
    return root;
  }

  private void insert(StoredRoot stored) {
    try (Connection connection = dataSource.getConnection()) {
      TrustRootStore.insert(connection, stored);
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw new ProblemException(
            ProblemType.CONFLICT,
            "root version " + stored.version() + " was stored meanwhile; build on it instead");
      }
      throw new IllegalStateException("cannot store trust root: " + e.getMessage(), e);
    }
  }

  private static ProblemException refused(String message) {
    return new ProblemException(
        ProblemType.UNPROCESSABLE,
        "root refused: " + message,
        List.of(
            new Problem.FieldError(
                message.contains("signed by") ? "/signature" : "/document", message)));
  }
}
