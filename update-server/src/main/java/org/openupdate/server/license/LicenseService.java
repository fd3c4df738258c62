package org.openupdate.server.license;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openupdate.server.admin.AuditLog;
import org.openupdate.server.check.SnapshotChanges;
import org.openupdate.server.version.Versions;

@ApplicationScoped
public class LicenseService {

  @Inject Clock clock;
  @Inject AuditLog audit;
  @Inject SnapshotChanges snapshot;

  /**
   * Creates a license and returns it with its key, which is not kept and cannot be shown again.
   * Validated here, not only in the resource: the console calls this too.
   */
  @Transactional
  public LicenseSummary create(@Valid @NotNull LicenseRequest request) {
    List<String> blocked = versions("blockedVersions", request.blockedVersions());
    if (request.versionCeiling() != null) {
      versions("versionCeiling", List.of(request.versionCeiling()));
    }
    String key = LicenseKeys.generate();
    License license = new License();
    license.keySha256 = LicenseKeys.hash(key);
    license.customer = request.customer().strip();
    license.allowedChannels = CsvColumn.join(orEmpty(request.allowedChannels()));
    license.expiresAt = request.expiresAt();
    license.blockedVersions = CsvColumn.join(blocked);
    license.versionCeiling = request.versionCeiling();
    license.createdAt = clock.instant();
    license.persist();
    LicenseSummary created = summary(license, null);
    audit.record("license.create", target(license), null, created);
    snapshot.bump("license created");
    return summary(license, key);
  }

  @Transactional
  public Optional<LicenseSummary> revoke(long id) {
    Optional<License> found = License.findByIdOptional(id);
    found.ifPresent(
        license -> {
          LicenseSummary before = summary(license, null);
          license.revoked = true;
          audit.record("license.revoke", target(license), before, summary(license, null));
          snapshot.bump("license revoked");
        });
    return found.map(license -> summary(license, null));
  }

  @Transactional
  public List<LicenseSummary> list() {
    return License.<License>listAll().stream()
        .sorted((a, b) -> Long.compare(a.id, b.id))
        .map(l -> summary(l, null))
        .toList();
  }

  private static List<String> versions(String field, List<String> texts) {
    List<String> valid = new ArrayList<>();
    for (String text : orEmpty(texts)) {
      Versions.require(field, text);
      valid.add(text);
    }
    return valid;
  }

  private static List<String> orEmpty(List<String> values) {
    return values == null ? List.of() : values.stream().map(String::strip).toList();
  }

  private static String target(License license) {
    return "license:" + license.id;
  }

  private static LicenseSummary summary(License l, String key) {
    return new LicenseSummary(
        l.id,
        l.customer,
        List.copyOf(CsvColumn.strings(l.allowedChannels)),
        l.expiresAt,
        l.revoked,
        List.copyOf(CsvColumn.strings(l.blockedVersions)),
        l.versionCeiling,
        l.createdAt,
        key);
  }
}
