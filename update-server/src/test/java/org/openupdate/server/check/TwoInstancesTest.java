package org.openupdate.server.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.server.support.Admin.asAdmin;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.openupdate.server.checksupport.Catalog;
import org.openupdate.server.license.LicenseKeys;

/**
 * Two server instances on one database: this application plays one, a second refresher on the same
 * DataSource plays the other (the same code each instance's scheduler runs every second).
 */
@QuarkusTest
class TwoInstancesTest {

  @Inject DataSource dataSource;
  @Inject SnapshotHolder thisInstance;

  @Test
  void shouldAgreeOnALicenseCreatedThroughTheOtherInstance() throws Exception {
    SnapshotRefresher other = new SnapshotRefresher(dataSource);
    other.rebuild();

    String key =
        asAdmin()
            .contentType("application/json")
            .body(Map.of("customer", "ACME", "allowedChannels", List.of("stable")))
            .post("/api/v1/admin/licenses")
            .then()
            .statusCode(201)
            .extract()
            .path("key");
    String hash = LicenseKeys.hash(key);

    assertThat(thisInstance.current().licensesByHash()).containsKey(hash);
    assertThat(awaitOn(other, s -> s.licensesByHash().containsKey(hash))).isTrue();
  }

  @Test
  void shouldAgreeAfterTheDatabaseWasChangedDirectly() throws Exception {
    SnapshotRefresher other = new SnapshotRefresher(dataSource);
    Catalog catalog = Catalog.newProduct();
    catalog.release("1.0.0").on("stable");
    other.rebuild();
    long before = other.current().changeVersion();

    // A change by some other process: revoke every license of a customer and bump the counter.
    String key =
        asAdmin()
            .contentType("application/json")
            .body(Map.of("customer", "Direct-" + catalog.product()))
            .post("/api/v1/admin/licenses")
            .then()
            .statusCode(201)
            .extract()
            .path("key");
    try (Connection c = dataSource.getConnection();
        PreparedStatement revoke =
            c.prepareStatement("update licenses set revoked = true where customer = ?");
        PreparedStatement bump =
            c.prepareStatement("update snapshot_changes set version = version + 1 where id = 1")) {
      revoke.setString(1, "Direct-" + catalog.product());
      revoke.executeUpdate();
      bump.executeUpdate();
    }
    String hash = LicenseKeys.hash(key);

    assertThat(awaitOn(other, s -> s.licensesByHash().get(hash).revoked())).isTrue();
    assertThat(await(() -> thisInstance.current().licensesByHash().get(hash).revoked())).isTrue();
    assertThat(other.current().changeVersion()).isGreaterThan(before);
  }

  @Test
  void shouldSeeAPublicationInsertedWithoutAnyCounterBump() throws Exception {
    Catalog catalog = Catalog.newProduct();
    catalog.release("1.0.0").on("stable");
    SnapshotRefresher other = new SnapshotRefresher(dataSource);
    other.rebuild();
    try (Connection c = dataSource.getConnection();
        PreparedStatement publish =
            c.prepareStatement(
                "insert into publications (release_id, channel_id, published_at, published_by)"
                    + " select r.id, c.id, current_timestamp, 'sql' from releases r join products"
                    + " p on p.id = r.product_id, channels c where p.name = ? and c.name ="
                    + " 'beta'")) {
      publish.setString(1, catalog.product());
      publish.executeUpdate();
    }

    Predicate<CheckSnapshot> onBeta = s -> !s.offers(catalog.product(), "beta").isEmpty();
    assertThat(awaitOn(other, onBeta)).isTrue();
    assertThat(await(() -> onBeta.test(thisInstance.current()))).isTrue();
  }

  /** Runs the other instance's refresh tick until the predicate holds, for at most five seconds. */
  private static boolean awaitOn(SnapshotRefresher other, Predicate<CheckSnapshot> condition)
      throws Exception {
    for (int i = 0; i < 50; i++) {
      other.refreshIfChanged();
      if (condition.test(other.current())) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  private static boolean await(java.util.function.BooleanSupplier condition) throws Exception {
    for (int i = 0; i < 50; i++) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }
}
