package org.openupdate.manifest;

/** The documents of the contract, each with its JSON Schema (draft 2020-12) on the classpath. */
public enum SchemaType {
  RELEASE_MANIFEST("release-manifest.schema.json"),
  CHECK_RESPONSE("check-response.schema.json"),
  STATUS_REPORT("status-report.schema.json"),
  /** What the server's notifications (webhooks, Slack, Teams, email) are made from. */
  NOTIFICATION_EVENT("notification-event.schema.json"),
  TRUST_ROOT("trust-root.schema.json"),
  TIMESTAMP("timestamp.schema.json");

  private final String resource;

  SchemaType(String resource) {
    this.resource = resource;
  }

  /** Classpath location of the schema. */
  public String resource() {
    return "/org/openupdate/manifest/schema/" + resource;
  }
}
