package org.openupdate.server.artifact;

import java.util.Arrays;
import java.util.stream.Stream;

/**
 * RFC 9110 section 13 conditions for an artifact, whose only validator is its strong ETag (the
 * quoted SHA-256): it has no {@code Last-Modified}, since the same bytes may be stored at any time.
 */
final class Preconditions {

  private Preconditions() {}

  /** {@code If-Match}: {@code *}, or a listed tag equal to the ETag by strong comparison. */
  static boolean ifMatch(String header, String etag) {
    return tags(header).anyMatch(tag -> tag.equals("*") || tag.equals(etag));
  }

  /** {@code If-None-Match} fails on {@code *} or a tag equal to the ETag by weak comparison. */
  static boolean ifNoneMatch(String header, String etag) {
    return tags(header).noneMatch(tag -> tag.equals("*") || opaque(tag).equals(etag));
  }

  /**
   * {@code If-Range}: true only for the artifact's own ETag, compared strongly. A date is never
   * true: without a {@code Last-Modified} there is nothing it could match exactly (RFC 9110
   * 13.1.5), so the client gets the whole artifact instead of a range of other bytes.
   */
  static boolean ifRange(String header, String etag) {
    return header.strip().equals(etag);
  }

  private static Stream<String> tags(String header) {
    return Arrays.stream(header.split(",")).map(String::strip).filter(tag -> !tag.isEmpty());
  }

  private static String opaque(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }
}
