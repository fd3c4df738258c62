package org.openupdate.server.check;

import java.time.Instant;
import org.openupdate.manifest.CheckResponse;
import org.openupdate.manifest.Version;

/** Small builder for snapshot offers in decision tests. */
final class Offers {

  private String product = "app";
  private String version = "2.4.1";
  private String channel = "stable";
  private String minimumVersion;
  private Instant expires;
  private Instant soakStartedAt;
  private int percentage = 100;

  static Offers anOffer() {
    return new Offers();
  }

  Offers version(String value) {
    version = value;
    return this;
  }

  Offers channel(String value) {
    channel = value;
    return this;
  }

  Offers minimumVersion(String value) {
    minimumVersion = value;
    return this;
  }

  Offers expires(Instant value) {
    expires = value;
    return this;
  }

  Offers soakStartedAt(Instant value) {
    soakStartedAt = value;
    return this;
  }

  Offers percentage(int value) {
    percentage = value;
    return this;
  }

  ReleaseOffer build() {
    String base = "/api/v1/releases/" + product + "/" + version;
    return new ReleaseOffer(
        product,
        Version.parse(version),
        channel,
        minimumVersion == null ? null : Version.parse(minimumVersion),
        false,
        expires,
        soakStartedAt,
        percentage,
        new LazyAnswer(
            () ->
                new CheckResponse(
                    true,
                    version,
                    false,
                    null,
                    base + "/manifest",
                    base + "/manifest",
                    base + "/manifest.asc",
                    "0".repeat(64),
                    expires,
                    null)));
  }
}
