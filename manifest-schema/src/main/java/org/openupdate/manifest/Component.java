package org.openupdate.manifest;

/**
 * One downloadable part of a release.
 *
 * @param version the component's own version
 * @param url where to download it; when absent the client uses the server's content-addressed
 *     {@code /api/v1/artifacts/{sha256}}
 * @param sha256 lowercase hex SHA-256 of the artifact
 * @param size exact length in bytes; a client never reads more than this (endless-data attack)
 * @param required whether the release is incomplete without it; absent means required, as the
 *     original design marks every component. A client skips an optional component it cannot
 *     download or verify and installs the rest.
 */
public record Component(String version, String url, String sha256, long size, Boolean required) {

  public Component {
    required = required == null || required;
  }
}
