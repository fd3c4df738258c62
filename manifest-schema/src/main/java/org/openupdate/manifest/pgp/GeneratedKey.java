package org.openupdate.manifest.pgp;

/** A freshly generated key pair in armored form, ready to be written to files. */
public record GeneratedKey(
    Fingerprint fingerprint, String armoredSecretKey, String armoredPublicKey) {

  @Override
  public String toString() {
    // Never print the secret key, e.g. in a log line.
    return "GeneratedKey[" + fingerprint + "]";
  }
}
