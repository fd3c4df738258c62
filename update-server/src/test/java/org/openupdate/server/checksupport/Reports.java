package org.openupdate.server.checksupport;

import static io.restassured.RestAssured.given;

import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Status report bodies and their submission, for tests. */
public final class Reports {

  private Reports() {}

  public static Map<String, Object> report(
      String product, String version, String channel, String clientId, String status) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reportId", "r-" + UUID.randomUUID());
    body.put("clientId", clientId);
    body.put("product", product);
    body.put("fromVersion", "1.0.0");
    body.put("version", version);
    body.put("channel", channel);
    body.put("status", status);
    if ("in-progress".equals(status)) {
      body.put("phase", "downloading");
    }
    body.put("timestamp", Instant.now().toString());
    if ("completed".equals(status)) {
      body.put("details", Map.of("downloadTime", 12.5, "installTime", 30.0));
    }
    return body;
  }

  /**
   * A rollback from {@code left} back to {@code runningNow}; the server counts it against {@code
   * left}.
   */
  public static Map<String, Object> rollback(
      String product,
      String left,
      String runningNow,
      String channel,
      String clientId,
      String reason) {
    Map<String, Object> body = report(product, runningNow, channel, clientId, "rolled-back");
    body.put("fromVersion", left);
    body.put("rollbackReason", reason);
    return body;
  }

  /** {@code offered} refused by a client running {@code running}, with a refusal code. */
  public static Map<String, Object> refusal(
      String product,
      String offered,
      String running,
      String channel,
      String clientId,
      String reason) {
    Map<String, Object> body = report(product, offered, channel, clientId, "refused");
    body.put("fromVersion", running);
    body.put("refusal", reason);
    return body;
  }

  public static ValidatableResponse post(Object body) {
    return given().contentType("application/json").body(body).post("/api/v1/updates/status").then();
  }
}
