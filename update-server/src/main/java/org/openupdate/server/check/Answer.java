package org.openupdate.server.check;

import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.openupdate.manifest.CheckResponse;
import org.openupdate.manifest.ManifestJson;

/**
 * A check answer serialized once when the snapshot is built, so that polls only copy bytes. The
 * ETag is derived from the bytes, so equal answers have equal tags on every instance.
 *
 * @param body the same bytes as a Vert.x buffer for {@link CheckRoute}; every write takes its own
 *     slice of it, so one buffer serves all polls on all event loops
 */
public record Answer(String etag, Buffer body) {

  public static final Answer NO_UPDATE = of(CheckResponse.noUpdate());

  public static Answer of(CheckResponse response) {
    byte[] json = ManifestJson.write(response);
    return new Answer('"' + sha256(json).substring(0, 32) + '"', Buffer.buffer(json));
  }

  /** A copy of the answer's bytes, for the rare caller that is not a Vert.x route. */
  public byte[] json() {
    return body.getBytes();
  }

  /** RFC 9110 If-None-Match: a list of tags or "*", compared weakly. */
  public boolean matches(String ifNoneMatch) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.strip();
      if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
