package org.openupdate.server.status;

/** The 202 answer: the report is durable; {@code duplicate} when it had been received before. */
public record Accepted(String reportId, boolean duplicate) {}
