package org.openupdate.manifest;

/**
 * One way a document breaks its schema.
 *
 * @param pointer JSON pointer (RFC 6901) of the offending value, {@code ""} for the whole document
 */
public record SchemaViolation(String pointer, String message) {}
