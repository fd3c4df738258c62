package org.openupdate.manifest.pgp;

import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.util.encoders.Hex;

/**
 * A full OpenPGP key fingerprint (40 hex digits for v4 keys, 64 for v6). Short and long key ids are
 * refused: they can be forged, so keys are pinned by fingerprint only.
 */
public record Fingerprint(String hex) {

  private static final Pattern FULL = Pattern.compile("[0-9A-F]{40}|[0-9A-F]{64}");

  public Fingerprint {
    if (hex == null || !FULL.matcher(hex).matches()) {
      throw new IllegalArgumentException(
          "fingerprint '" + hex + "' is not a full 40 or 64 hex digit fingerprint");
    }
  }

  /** Accepts upper or lower case and the spaced form gpg prints. */
  public static Fingerprint parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("fingerprint is missing");
    }
    String compact = text.replace(" ", "").toUpperCase(Locale.ROOT);
    if (compact.startsWith("0X")) {
      compact = compact.substring(2);
    }
    if (!FULL.matcher(compact).matches()) {
      throw new IllegalArgumentException(
          "fingerprint '"
              + text
              + "' is not a full 40 or 64 hex digit fingerprint (key ids are not accepted)");
    }
    return new Fingerprint(compact);
  }

  public static Fingerprint of(PGPPublicKey key) {
    return new Fingerprint(Hex.toHexString(key.getFingerprint()).toUpperCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return hex;
  }
}
