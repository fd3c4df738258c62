package org.openupdate.server.release;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.openupdate.server.support.Admin.as;
import static org.openupdate.server.support.Admin.asAdmin;
import static org.openupdate.server.support.ReleaseFixture.aRelease;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openupdate.server.support.Admin;
import org.openupdate.server.support.ReleaseFixture;

/**
 * A publishing job that failed halfway can continue or replace its draft; published never changes.
 */
@QuarkusTest
class DraftLifecycleTest {

  @Test
  void shouldContinueADraftWhenTheSameManifestBytesAreSentAgain() {
    ReleaseFixture release = aRelease().createDraft();
    release.uploadAll();

    asAdmin()
        .contentType("application/json")
        .body(release.manifestBytes())
        .post("/api/v1/admin/releases")
        .then()
        .statusCode(200)
        .body("state", equalTo("draft"))
        .body("artifacts[0].available", equalTo(true));
  }

  @Test
  void shouldNameTheWayOutWhenADraftWithOtherBytesExists() {
    ReleaseFixture release = aRelease().createDraft();
    release.set("releaseNotesUrl", "https://example.com/notes");

    asAdmin()
        .contentType("application/json")
        .body(release.manifestBytes())
        .post("/api/v1/admin/releases")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", containsString("DELETE " + release.path()));
  }

  @Test
  void shouldDeleteADraftAndRecordItInTheAuditLog() {
    ReleaseFixture release = aRelease().createDraft();

    as(Admin.newToken("publisher")).delete(release.path()).then().statusCode(204);

    asAdmin().get(release.path()).then().statusCode(404);
    asAdmin()
        .queryParam("target", "release:" + release.product + "/1.0.0")
        .get("/api/v1/admin/audit")
        .then()
        .statusCode(200)
        .body("action", hasItem("release.delete"));
    release.createDraft();
  }

  @Test
  void shouldNotLetAViewerDeleteADraft() {
    ReleaseFixture release = aRelease().createDraft();

    as(Admin.newToken("viewer"))
        .delete(release.path())
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
    asAdmin().get(release.path()).then().statusCode(200);
  }

  @Test
  void shouldNeverDeleteOrReplaceAPublishedRelease() {
    ReleaseFixture release = aRelease().published();

    asAdmin()
        .delete(release.path())
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", containsString("only drafts can change"));
    asAdmin()
        .contentType("application/json")
        .body(release.manifestBytes())
        .post("/api/v1/admin/releases")
        .then()
        .statusCode(409)
        .body("detail", containsString("never changes"));
    asAdmin().get(release.path()).then().statusCode(200).body("state", equalTo("published"));
  }

  @Test
  void shouldRefusePublishingToAChannelTheManifestDoesNotName() {
    ReleaseFixture release = aRelease().createDraft().uploadAll();

    asAdmin()
        .contentType("application/json")
        .body(Map.of("channel", "beta"))
        .post(release.path() + "/publish")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("channel"))
        .body("detail", containsString("names channel 'stable', not 'beta'"));
    asAdmin().get(release.path()).then().body("state", equalTo("draft"));
  }
}
