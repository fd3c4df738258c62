package org.openupdate.server.license;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.openupdate.manifest.Version;
import org.openupdate.server.admin.AuditLog;
import org.openupdate.server.check.SnapshotChanges;
import org.openupdate.server.check.SnapshotHolder;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.version.Versions;

/**
 * Stores each product's release policy; the check and the rollout feature read it from the
 * snapshot.
 */
@ApplicationScoped
public class PolicyService {

  @Inject EntityManager entityManager;
  @Inject AuditLog audit;
  @Inject Clock clock;
  @Inject SnapshotChanges changes;
  @Inject SnapshotHolder snapshots;

  /** Validated here, not only in the resource: the console calls this too. */
  @Transactional
  public PolicyRequest put(String product, @Valid @NotNull PolicyRequest request) {
    List<String> blocked =
        request.blockedVersions() == null ? List.of() : request.blockedVersions();
    blocked.forEach(v -> Versions.require("blockedVersions", v));
    String target =
        request.soakTargetChannel() == null || request.soakTargetChannel().isBlank()
            ? "stable"
            : request.soakTargetChannel().strip();
    List<String> channels =
        request.allowedChannels() == null ? List.of() : request.allowedChannels();
    PolicyRequest stored =
        new PolicyRequest(
            request.approvalRequired(), request.minimumSoakMinutes(), target, blocked, channels);
    // Concurrent PUTs of one product's policy take turns on the product's row, then update the
    // policy or insert it when there is none: a delete-then-insert let two calls insert at once
    // and one of them fail on the primary key. The row, not the snapshot, says whether the product
    // exists: the snapshot learns of a product created a moment ago only at its next reload.
    if (entityManager
        .createNativeQuery("select id from products where name = ?1 for update")
        .setParameter(1, product)
        .getResultList()
        .isEmpty()) {
      throw new ProblemException(
          org.openupdate.server.problem.ProblemType.NOT_FOUND, "unknown product '" + product + "'");
    }
    int updated =
        bind(
                "update release_policies set approval_required = ?2, minimum_soak_seconds = ?3,"
                    + " soak_target_channel = ?4, blocked_versions = ?5, allowed_channels = ?6,"
                    + " updated_at = ?7 where product = ?1",
                product,
                stored)
            .executeUpdate();
    if (updated == 0) {
      bind(
              "insert into release_policies (product, approval_required, minimum_soak_seconds,"
                  + " soak_target_channel, blocked_versions, allowed_channels, updated_at)"
                  + " values (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
              product,
              stored)
          .executeUpdate();
    }
    audit.record("policy.put", "policy:" + product, null, stored);
    changes.bump("policy of " + product);
    return stored;
  }

  private Query bind(String sql, String product, PolicyRequest stored) {
    return entityManager
        .createNativeQuery(sql)
        .setParameter(1, product)
        .setParameter(2, stored.approvalRequired())
        .setParameter(3, stored.minimumSoakMinutes() * 60)
        .setParameter(4, stored.soakTargetChannel())
        .setParameter(5, CsvColumn.join(stored.blockedVersions()))
        .setParameter(6, CsvColumn.join(stored.allowedChannels()))
        .setParameter(7, Timestamp.from(clock.instant()));
  }

  public PolicyRequest get(String product) {
    ReleasePolicy p = snapshots.current().policy(product);
    return new PolicyRequest(
        p.approvalRequired(),
        p.minimumSoak().toMinutes(),
        p.soakTargetChannel(),
        p.blockedVersions().stream().map(Version::toString).sorted().toList(),
        p.allowedChannels().stream().sorted().toList());
  }
}
