package org.openupdate.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaValidatorTest {

  private final SchemaValidator validator = SchemaValidator.instance();
  private final ObjectMapper mapper = ManifestJson.mapper();

  @Test
  void shouldAcceptTheSampleManifestFromTheGnupgVectors() throws IOException {
    assertThat(validator.validate(SchemaType.RELEASE_MANIFEST, sampleManifest())).isEmpty();
  }

  @Test
  void shouldReadTheSampleManifestIntoRecords() throws IOException {
    ReleaseManifest manifest = ManifestJson.read(sampleManifest(), ReleaseManifest.class);
    assertThat(manifest.product()).isEqualTo("cm-diagnostics");
    assertThat(manifest.parsedVersion()).isEqualTo(Version.parse("2.4.1"));
    assertThat(manifest.components()).containsOnlyKeys("backend", "frontend");
    assertThat(manifest.components().get("backend").size()).isEqualTo(131072000L);
    assertThat(manifest.changelog().security()).containsExactly("CVE-2024-1234 patched");
  }

  @Test
  void shouldRejectManifestMissingSha256WithPointer() throws IOException {
    ObjectNode manifest = sampleNode();
    ((ObjectNode) manifest.at("/components/backend")).remove("sha256");
    assertThat(pointers(SchemaType.RELEASE_MANIFEST, manifest))
        .containsExactly("/components/backend/sha256");
  }

  @Test
  void shouldRejectNegativeSizeWithPointer() throws IOException {
    ObjectNode manifest = sampleNode();
    ((ObjectNode) manifest.at("/components/frontend")).put("size", -1);
    assertThat(pointers(SchemaType.RELEASE_MANIFEST, manifest))
        .containsExactly("/components/frontend/size");
  }

  @Test
  void shouldRejectMalformedVersionWithPointer() throws IOException {
    ObjectNode manifest = sampleNode();
    manifest.put("version", "2.4");
    assertThat(pointers(SchemaType.RELEASE_MANIFEST, manifest)).containsExactly("/version");
  }

  @Test
  void shouldReportEveryViolationAtOnce() throws IOException {
    ObjectNode manifest = sampleNode();
    manifest.remove("product");
    manifest.put("releaseDate", "yesterday");
    ((ObjectNode) manifest.at("/components/backend")).put("size", "125MB");
    ((ObjectNode) manifest.at("/components/frontend")).put("sha256", "abc123");
    assertThat(pointers(SchemaType.RELEASE_MANIFEST, manifest))
        .containsExactlyInAnyOrder(
            "/product", "/releaseDate", "/components/backend/size", "/components/frontend/sha256");
  }

  @Test
  void shouldPointAtUnknownProperties() throws IOException {
    ObjectNode manifest = sampleNode();
    manifest.put("surprise", true);
    ((ObjectNode) manifest.at("/components/backend")).put("sha1", "abc");
    assertThat(pointers(SchemaType.RELEASE_MANIFEST, manifest))
        .containsExactlyInAnyOrder("/surprise", "/components/backend/sha1");
  }

  @Test
  void shouldRejectMalformedJsonAsOneViolationAtTheRoot() {
    List<SchemaViolation> violations =
        validator.validate(
            SchemaType.RELEASE_MANIFEST, "{\"product\": ".getBytes(StandardCharsets.UTF_8));
    assertThat(violations)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.pointer()).isEmpty();
              assertThat(v.message()).startsWith("malformed JSON");
            });
  }

  @Test
  void shouldAcceptAStatusReportWrittenFromTheRecord() {
    StatusReport report =
        new StatusReport(
            "report-0001",
            "client-42",
            "cm-diagnostics",
            "2.4.0",
            "2.4.1",
            "stable",
            UpdateStatus.IN_PROGRESS,
            UpdatePhase.WAITING_FOR_WINDOW,
            java.time.Instant.parse("2024-03-15T10:00:00Z"),
            new StatusDetails(1.5, null, null, List.of()),
            null,
            null);
    byte[] json = ManifestJson.write(report);
    assertThat(validator.validate(SchemaType.STATUS_REPORT, json)).isEmpty();
    assertThat(ManifestJson.read(json, StatusReport.class)).isEqualTo(report);
  }

  @Test
  void shouldCarryTheBytesAnUpdateFetchedAndWouldHaveFetchedWhole() {
    StatusReport report =
        new StatusReport(
            "report-0002",
            "client-42",
            "cm-diagnostics",
            "2.4.0",
            "2.4.1",
            "stable",
            UpdateStatus.COMPLETED,
            null,
            java.time.Instant.parse("2024-03-15T10:00:00Z"),
            new StatusDetails(1.5, 2.0, null, List.of(), 62_307L, 59_824_310L),
            null,
            null);
    byte[] json = ManifestJson.write(report);

    assertThat(validator.validate(SchemaType.STATUS_REPORT, json)).isEmpty();
    assertThat(ManifestJson.read(json, StatusReport.class).details().bytesFull())
        .isEqualTo(59_824_310L);
    byte[] negative =
        new String(json, StandardCharsets.UTF_8)
            .replace("62307", "-1")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(validator.validate(SchemaType.STATUS_REPORT, negative))
        .extracting(SchemaViolation::pointer)
        .containsExactly("/details/bytesDownloaded");
  }

  @Test
  void shouldListTheVersionsACheckAnswerHasDeltasFrom() {
    CheckResponse offer =
        new CheckResponse(
            true,
            "2.4.1",
            false,
            null,
            "/api/v1/releases/p/2.4.1/manifest",
            "/api/v1/releases/p/2.4.1/manifest",
            "/api/v1/releases/p/2.4.1/manifest.asc",
            "b".repeat(64),
            java.time.Instant.parse("2030-01-01T00:00:00Z"),
            null,
            List.of("2.4.0", "2.3.9"));
    byte[] json = ManifestJson.write(offer);

    assertThat(validator.validate(SchemaType.CHECK_RESPONSE, json)).isEmpty();
    assertThat(ManifestJson.read(json, CheckResponse.class).deltaFrom())
        .containsExactly("2.4.0", "2.3.9");
  }

  @Test
  void shouldRequirePhaseOnlyForInProgressReports() throws IOException {
    ObjectNode report =
        (ObjectNode)
            mapper.readTree(
                "{\"reportId\":\"report-0001\",\"clientId\":\"c1\",\"version\":\"2.4.1\","
                    + "\"status\":\"in-progress\",\"timestamp\":\"2024-03-15T10:00:00Z\"}");
    assertThat(pointers(SchemaType.STATUS_REPORT, report)).containsExactly("/phase");
    report.put("status", "completed").put("phase", "installing");
    assertThat(pointers(SchemaType.STATUS_REPORT, report)).isNotEmpty();
    report.remove("phase");
    report.put("status", "exploded");
    assertThat(pointers(SchemaType.STATUS_REPORT, report)).containsExactly("/status");
  }

  @Test
  void shouldAcceptCheckResponsesBothWays() {
    CheckResponse offer =
        new CheckResponse(
            true,
            "2.4.1",
            false,
            "https://example.org/releases/2.4.1",
            "/api/v1/artifacts/" + "a".repeat(64),
            "/api/v1/releases/p/2.4.1/manifest",
            "/api/v1/releases/p/2.4.1/manifest.asc",
            "b".repeat(64),
            java.time.Instant.parse("2030-01-01T00:00:00Z"),
            true);
    assertThat(validator.validate(SchemaType.CHECK_RESPONSE, ManifestJson.write(offer))).isEmpty();
    assertThat(ManifestJson.read(ManifestJson.write(offer), CheckResponse.class).recall()).isTrue();
    assertThat(
            validator.validate(
                SchemaType.CHECK_RESPONSE, ManifestJson.write(CheckResponse.noUpdate())))
        .isEmpty();
    assertThat(
            validator.validate(
                SchemaType.CHECK_RESPONSE,
                "{\"updateAvailable\":true,\"version\":\"2.4.1\"}"
                    .getBytes(StandardCharsets.UTF_8)))
        .extracting(SchemaViolation::pointer)
        .contains("/manifestUrl", "/sha256");
  }

  @Test
  void shouldDescribeABadVersionLikeVersionParseInsteadOfShowingTheRegex() throws IOException {
    ObjectNode manifest = sampleNode();
    manifest.put("version", "2.1");
    manifest.put("minimumVersion", "1");
    List<SchemaViolation> violations =
        validator.validate(SchemaType.RELEASE_MANIFEST, mapper.writeValueAsBytes(manifest));
    assertThat(violations)
        .containsExactly(
            new SchemaViolation(
                "/minimumVersion",
                "'1' is not a semantic version: expected MAJOR.MINOR.PATCH[-PRE][+BUILD]"),
            new SchemaViolation(
                "/version",
                "'2.1' is not a semantic version: expected MAJOR.MINOR.PATCH[-PRE][+BUILD]"));
    assertThatThrownBy(() -> Version.parse("2.1")).hasMessage(violations.get(1).message());
  }

  @Test
  void shouldDescribeEveryPatternViolationByTheFieldsTitleAndDescription() throws IOException {
    ObjectNode report =
        (ObjectNode)
            mapper.readTree(
                "{\"reportId\":\"r1\",\"clientId\":\"c1\",\"version\":\"2.4.1\","
                    + "\"status\":\"completed\",\"timestamp\":\"2024-03-15T10:00:00Z\"}");
    assertThat(validator.validate(SchemaType.STATUS_REPORT, mapper.writeValueAsBytes(report)))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.pointer()).isEqualTo("/reportId");
              assertThat(v.message()).startsWith("'r1' is not a report id: expected ");
              assertThat(v.message()).doesNotContain("^", "$", "{8,128}");
            });
  }

  @Test
  void shouldGiveEveryPatternedFieldATitleAndDescriptionForItsMessage() throws IOException {
    for (SchemaType type : SchemaType.values()) {
      JsonNode schema;
      try (InputStream in = SchemaValidator.class.getResourceAsStream(type.resource())) {
        schema = mapper.readTree(in);
      }
      List<String> undescribed = new ArrayList<>();
      collectUndescribedPatterns(schema, "", undescribed);
      assertThat(undescribed).as(type.resource()).isEmpty();
    }
  }

  private static void collectUndescribedPatterns(JsonNode node, String at, List<String> found) {
    if (node.isObject()) {
      if (node.path("pattern").isTextual()
          && !(node.path("title").isTextual() && node.path("description").isTextual())) {
        found.add(at);
      }
      node.properties()
          .forEach(e -> collectUndescribedPatterns(e.getValue(), at + "/" + e.getKey(), found));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectUndescribedPatterns(node.get(i), at + "/" + i, found);
      }
    }
  }

  @Test
  void shouldRequireARefusalCodeExactlyWhenRefused() throws IOException {
    ObjectNode report = report("refused");
    assertThat(pointers(SchemaType.STATUS_REPORT, report)).isNotEmpty();
    report.put("refusal", "sequence-replay");
    assertThat(pointers(SchemaType.STATUS_REPORT, report)).isEmpty();
    report.put("refusal", "felt-like-it");
    assertThat(pointers(SchemaType.STATUS_REPORT, report)).containsExactly("/refusal");
    ObjectNode failed = report("failed").put("refusal", "downgrade");
    assertThat(pointers(SchemaType.STATUS_REPORT, failed)).isNotEmpty();
  }

  @Test
  void shouldReadARefusedReportIntoTheRecord() throws IOException {
    StatusReport report =
        ManifestJson.read(
            mapper.writeValueAsBytes(report("refused").put("refusal", "rollback-protection")),
            StatusReport.class);
    assertThat(report.status()).isEqualTo(UpdateStatus.REFUSED);
    assertThat(report.refusal()).isEqualTo(RefusalReason.ROLLBACK_PROTECTION);
    assertThat(report.rollbackReason()).isNull();
  }

  @Test
  void shouldRequireTheVersionLeftForRollbacksAndRecalls() throws IOException {
    for (String status : List.of("rolled-back", "recalled")) {
      ObjectNode report = report(status);
      report.remove("fromVersion");
      assertThat(pointers(SchemaType.STATUS_REPORT, report)).as(status).isNotEmpty();
      report.put("fromVersion", "2.4.1");
      assertThat(pointers(SchemaType.STATUS_REPORT, report)).as(status).isEmpty();
    }
  }

  @Test
  void shouldAllowARollbackReasonOnlyWithRolledBack() throws IOException {
    ObjectNode rolledBack = report("rolled-back").put("rollbackReason", "manual");
    assertThat(pointers(SchemaType.STATUS_REPORT, rolledBack)).isEmpty();
    assertThat(ManifestJson.read(mapper.writeValueAsBytes(rolledBack), StatusReport.class))
        .extracting(StatusReport::rollbackReason)
        .isEqualTo(RollbackReason.MANUAL);
    rolledBack.put("rollbackReason", "bored");
    assertThat(pointers(SchemaType.STATUS_REPORT, rolledBack)).containsExactly("/rollbackReason");
    ObjectNode completed = report("completed").put("rollbackReason", "health-check");
    assertThat(pointers(SchemaType.STATUS_REPORT, completed)).isNotEmpty();
  }

  @Test
  void shouldWriteEveryRefusalAndRollbackReasonAsASchemaCode() throws IOException {
    for (RefusalReason reason : RefusalReason.values()) {
      ObjectNode report = report("refused").put("refusal", reason.json());
      assertThat(pointers(SchemaType.STATUS_REPORT, report)).as(reason.json()).isEmpty();
    }
    for (RollbackReason reason : RollbackReason.values()) {
      ObjectNode report = report("rolled-back").put("rollbackReason", reason.json());
      assertThat(pointers(SchemaType.STATUS_REPORT, report)).as(reason.json()).isEmpty();
    }
    for (UpdateStatus status : UpdateStatus.values()) {
      assertThat(status.json()).isIn(enumOf("/properties/status/enum"));
    }
  }

  @Test
  void shouldAcceptARecallManifestWithSequence() throws IOException {
    ObjectNode manifest = sampleNode();
    manifest.put("version", "2.4.0").put("sequence", 7).put("recallOf", "2.4.1");
    assertThat(pointers(SchemaType.RELEASE_MANIFEST, manifest)).isEmpty();
    ReleaseManifest read =
        ManifestJson.read(mapper.writeValueAsBytes(manifest), ReleaseManifest.class);
    assertThat(read.sequence()).isEqualTo(7L);
    assertThat(read.recallOf()).isEqualTo("2.4.1");
  }

  @Test
  void shouldRejectARecallWithoutSequenceAndSequencesBelowOne() throws IOException {
    ObjectNode recall = sampleNode().put("recallOf", "2.4.2");
    assertThat(pointers(SchemaType.RELEASE_MANIFEST, recall)).isNotEmpty();
    ObjectNode zero = sampleNode().put("sequence", 0);
    assertThat(pointers(SchemaType.RELEASE_MANIFEST, zero)).containsExactly("/sequence");
    ObjectNode badRecall = sampleNode().put("sequence", 3).put("recallOf", "latest");
    assertThat(pointers(SchemaType.RELEASE_MANIFEST, badRecall)).containsExactly("/recallOf");
  }

  @Test
  void shouldTakeAComponentWithoutRequiredAsRequired() throws IOException {
    ObjectNode manifest = sampleNode();
    ((ObjectNode) manifest.at("/components/backend")).remove("required");
    ((ObjectNode) manifest.at("/components/frontend")).put("required", false);
    assertThat(pointers(SchemaType.RELEASE_MANIFEST, manifest)).isEmpty();
    ReleaseManifest read =
        ManifestJson.read(mapper.writeValueAsBytes(manifest), ReleaseManifest.class);
    assertThat(read.components().get("backend").required()).isTrue();
    assertThat(read.components().get("frontend").required()).isFalse();
  }

  @Test
  void shouldReadTheSchemaVersionMigrationsExpect() throws IOException {
    ObjectNode manifest = sampleNode();
    ObjectNode database = manifest.putObject("database").put("expectedSchemaVersion", "2.4.0");
    database.putArray("migrations").add("2.4.0-2.4.1.sql");
    database.putArray("rollback").add("2.4.1-2.4.0.sql");
    assertThat(pointers(SchemaType.RELEASE_MANIFEST, manifest)).isEmpty();
    DatabaseChanges read =
        ManifestJson.read(mapper.writeValueAsBytes(manifest), ReleaseManifest.class).database();
    assertThat(read.expectedSchemaVersion()).isEqualTo("2.4.0");
    assertThat(read.migrations()).containsExactly("2.4.0-2.4.1.sql");
    database.put("expectedSchemaVersion", "two");
    assertThat(pointers(SchemaType.RELEASE_MANIFEST, manifest))
        .containsExactly("/database/expectedSchemaVersion");
  }

  private ObjectNode report(String status) throws IOException {
    return (ObjectNode)
        mapper.readTree(
            "{\"reportId\":\"report-0001\",\"clientId\":\"c1\",\"fromVersion\":\"2.4.0\","
                + "\"version\":\"2.4.1\",\"status\":\""
                + status
                + "\",\"timestamp\":\"2024-03-15T10:00:00Z\"}");
  }

  private static List<String> enumOf(String pointer) throws IOException {
    try (InputStream in =
        SchemaValidatorTest.class.getResourceAsStream(
            "/org/openupdate/manifest/schema/status-report.schema.json")) {
      List<String> values = new ArrayList<>();
      ManifestJson.mapper().readTree(in).at(pointer).forEach(n -> values.add(n.asText()));
      return values;
    }
  }

  private List<String> pointers(SchemaType type, ObjectNode node) throws IOException {
    return validator.validate(type, mapper.writeValueAsBytes(node)).stream()
        .map(SchemaViolation::pointer)
        .toList();
  }

  private ObjectNode sampleNode() throws IOException {
    return (ObjectNode) mapper.readTree(sampleManifest());
  }

  private static byte[] sampleManifest() throws IOException {
    try (InputStream in = SchemaValidatorTest.class.getResourceAsStream("/openpgp/manifest.json")) {
      return in.readAllBytes();
    }
  }
}
